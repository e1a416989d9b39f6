import { expect, test } from "vitest";
import { DEFAULT_LOYALTY_RULES } from "../loyalty/rules.ts";
import { DEFAULT_SEGMENT_GRID } from "../scoring/index.ts";
import { parseSettingsForm, segmentCellField, settingsFormValues } from "./settings-form.ts";
import { DEFAULT_SHOP_SETTINGS } from "./shop-settings.ts";

const values = () => settingsFormValues(DEFAULT_LOYALTY_RULES, DEFAULT_SHOP_SETTINGS);

test("the form's fields give back the rules and settings they were made from", () => {
  expect(parseSettingsForm(values(), DEFAULT_LOYALTY_RULES)).toEqual({ ok: true, rules: DEFAULT_LOYALTY_RULES, settings: DEFAULT_SHOP_SETTINGS });
});

test("a change reads as the merchant typed it: a new tag, another discount, a margin, a later daily rescoring, an alert off", () => {
  const form = {
    ...values(),
    "rules.0.tag": "gold",
    "rules.0.offer.percentOff": "20",
    "rules.1.offer.holdoutShare": "25",
    marginPct: "42.5",
    dailyRescoreAt: "03:30",
    "alerts.pAliveDrop": "",
  };
  const parsed = parseSettingsForm(form, DEFAULT_LOYALTY_RULES);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  expect(parsed.rules.rules[0]).toMatchObject({ tag: "gold", offer: { percentOff: 20 } });
  expect(parsed.rules.rules[1]?.offer?.holdoutShare).toBe(0.25);
  expect(parsed.rules.alerts.pAliveDrop).toBeNull();
  expect(parsed.settings).toEqual({ ...DEFAULT_SHOP_SETTINGS, marginPct: 42.5, dailyRescoreMinute: 210 });
});

test("every invalid field is named with what is wrong, and nothing is returned to save", () => {
  const form = {
    ...values(),
    tagPrefix: "CRM!",
    "rules.0.offer.percentOff": "150",
    "rules.1.when": '{"segment": ["Gold"]}',
    "rules.0.when": "{not json",
    "alerts.overdue": "-1",
    retentionDays: "a week",
    dailyRescoreAt: "25:00",
  };
  const parsed = parseSettingsForm(form, DEFAULT_LOYALTY_RULES);
  expect(parsed.ok).toBe(false);
  if (parsed.ok) return;
  expect(Object.keys(parsed.errors).sort()).toEqual([
    "alerts.overdue",
    "dailyRescoreAt",
    "retentionDays",
    "rules.0.offer.percentOff",
    "rules.0.when",
    "rules.1.when",
    "tagPrefix",
  ]);
  expect(parsed.errors["rules.0.when"]).toBe("is not valid JSON");
  expect(parsed.errors["rules.1.when"]).toMatch(/^segment\.0: /);
  expect(parsed.errors.dailyRescoreAt).toBe("a time of day, HH:MM");
});

test("checks across rules (a tag used twice, an alert naming no rule) are reported at the field too", () => {
  const parsed = parseSettingsForm({ ...values(), "rules.1.tag": "vip", "alerts.vipRule": "gold" }, DEFAULT_LOYALTY_RULES);
  expect(parsed).toEqual({
    ok: false,
    errors: {
      "rules.1.tag": 'tag "vip" is already used by rules.0',
      "alerts.vipRule": 'no rule has the id "gold"; name one of the rules, or null for no such alert',
    },
  });
});

test("the segment grid: an edited cell is saved as the shop's grid, Shopify's groups as none, a cell that is no segment refused there", () => {
  const unchanged = parseSettingsForm(values(), DEFAULT_LOYALTY_RULES);
  expect(unchanged.ok && unchanged.settings.segmentGrid).toBeNull();

  const edited = parseSettingsForm({ ...values(), [segmentCellField(0, 2)]: "Champions" }, DEFAULT_LOYALTY_RULES);
  if (!edited.ok) throw new Error(JSON.stringify(edited.errors));
  expect(edited.settings.segmentGrid?.[0]).toEqual(["New", "Active", "Champions", "Champions"]);
  expect(edited.settings.segmentGrid?.slice(1)).toEqual(DEFAULT_SEGMENT_GRID.slice(1));
  expect(settingsFormValues(edited.rules, edited.settings)[segmentCellField(0, 2)]).toBe("Champions");

  const refused = parseSettingsForm({ ...values(), [segmentCellField(4, 3)]: "Prospects", [segmentCellField(1, 0)]: "Gold" }, DEFAULT_LOYALTY_RULES);
  expect(refused).toEqual({ ok: false, errors: { [segmentCellField(4, 3)]: "is not a segment", [segmentCellField(1, 0)]: "is not a segment" } });
});

test("a grid that no longer gives a segment the rules or the shrink alert use is refused at the grid", () => {
  // The VIP rule asks for Champions; no cell gives it once R 5 × F + M 9–10 is Loyal.
  const parsed = parseSettingsForm({ ...values(), [segmentCellField(0, 3)]: "Loyal" }, DEFAULT_LOYALTY_RULES);
  expect(parsed).toEqual({ ok: false, errors: { segments: "no cell gives Champions, which the rules or alerts use" } });
  // With the VIP rule off and the alert no longer watching Champions, the same grid is fine.
  const withoutChampions = {
    ...DEFAULT_LOYALTY_RULES,
    alerts: { ...DEFAULT_LOYALTY_RULES.alerts, segmentShrink: { share: 0.2, minShoppers: 20, segments: ["Loyal" as const] } },
  };
  const form = { ...settingsFormValues(withoutChampions, DEFAULT_SHOP_SETTINGS), [segmentCellField(0, 3)]: "Loyal", "rules.0.enabled": "" };
  const accepted = parseSettingsForm(form, withoutChampions);
  if (!accepted.ok) throw new Error(JSON.stringify(accepted.errors));
  expect(accepted.settings.segmentGrid?.[0]?.[3]).toBe("Loyal");
});
