import { expect, test } from "vitest";
import { DEFAULT_LOYALTY_RULES } from "../loyalty/rules.ts";
import { DEFAULT_SEGMENT_GRID } from "../scoring/index.ts";
import { SEGMENT_NAMES } from "../scoring/types.ts";
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

test("every invalid field is named with a message of what is wrong and its values, and nothing is returned to save", () => {
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
  expect(parsed.errors).toEqual({
    tagPrefix: { key: "settings.error.tagFormat", values: {} },
    "rules.0.offer.percentOff": { key: "settings.error.atMost", values: { maximum: 100 } },
    "rules.0.when": { key: "settings.error.notJson", values: {} },
    "rules.1.when": { key: "settings.error.oneOf", values: { options: SEGMENT_NAMES.join(", ") }, at: "segment.0" },
    "alerts.overdue": { key: "settings.error.above", values: { minimum: 0 } },
    retentionDays: { key: "settings.error.notNumber", values: {} },
    dailyRescoreAt: { key: "settings.error.timeOfDay", values: {} },
  });
});

test("zod's checks become messages with their limits: at least, more than, whole numbers, lengths, lists, keys", () => {
  const errorsOf = (changes: Record<string, string>) => {
    const parsed = parseSettingsForm({ ...values(), ...changes }, DEFAULT_LOYALTY_RULES);
    if (parsed.ok) throw new Error(`accepted ${JSON.stringify(changes)}`);
    return parsed.errors;
  };
  expect(
    errorsOf({
      retentionDays: "1",
      migrationDays: "400",
      marginPct: "0",
      "rules.0.offer.validDays": "1.5",
      "rules.1.tag": "a".repeat(31),
      "rules.0.when": '{"segment": []}',
      "rules.1.when": '{"all": [{"pAlive": {"below": 0.5}, "colour": "blue"}]}',
      "rules.1.offer.codes": "per-nobody",
    }),
  ).toEqual({
    retentionDays: { key: "settings.error.atLeast", values: { minimum: 7 } },
    migrationDays: { key: "settings.error.atMost", values: { maximum: 365 } },
    marginPct: { key: "settings.error.above", values: { minimum: 0 } },
    "rules.0.offer.validDays": { key: "settings.error.notInteger", values: {} },
    "rules.1.tag": { key: "settings.error.longText", values: { maximum: 30 } },
    "rules.0.when": { key: "settings.error.fewItems", values: { minimum: 1 }, at: "segment" },
    "rules.1.when": { key: "settings.error.unknownKeys", values: { keys: "colour" }, at: "all.0" },
    "rules.1.offer.codes": { key: "settings.error.oneOf", values: { options: "per-shopper, per-segment" } },
  });
  expect(errorsOf({ "rules.0.when": "[]", "rules.1.when": '{"segment": "Loyal"}' })).toEqual({
    "rules.0.when": { key: "settings.error.notObject", values: {} },
    "rules.1.when": { key: "settings.error.notList", values: {}, at: "segment" },
  });
  expect(errorsOf({ "rules.0.when": '{"overdue": {}}', "rules.1.when": '{"segment": [1]}' })).toEqual({
    "rules.0.when": { key: "settings.error.required", values: {}, at: "overdue.atLeast" },
    "rules.1.when": { key: "settings.error.wrongType", values: {}, at: "segment.0" },
  });
});

test("a share typed as a percentage is refused with its limits in percent", () => {
  const parsed = parseSettingsForm(
    { ...values(), "rules.0.offer.holdoutShare": "60", "alerts.pAliveDrop": "150", "alerts.segmentShrink": "0" },
    DEFAULT_LOYALTY_RULES,
  );
  expect(parsed).toEqual({
    ok: false,
    errors: {
      "rules.0.offer.holdoutShare": { key: "settings.error.atMost", values: { maximum: 50 } },
      "alerts.pAliveDrop": { key: "settings.error.atMost", values: { maximum: 100 } },
      "alerts.segmentShrink": { key: "settings.error.above", values: { minimum: 0 } },
    },
  });
});

test("the rules' own checks inside a condition carry their message: bounds, exactly one kind", () => {
  const parsed = parseSettingsForm(
    {
      ...values(),
      "rules.0.when": '{"any": [{"pAlive": {}}, {"predictedClvPercentile": {"atLeast": 90, "below": 10}}]}',
      "rules.1.when": '{"segment": ["Loyal"], "pAlive": {"below": 0.5}}',
    },
    DEFAULT_LOYALTY_RULES,
  );
  expect(parsed).toEqual({
    ok: false,
    errors: {
      "rules.0.when": { key: "settings.error.boundsMissing", values: {}, at: "any.0.pAlive" },
      "rules.1.when": {
        key: "settings.error.conditionKinds",
        values: { kinds: "segment, predictedClvPercentile, pAlive, overdue, all, any", found: "segment, pAlive" },
      },
    },
  });
  const empty = parseSettingsForm({ ...values(), "rules.0.when": "{}" }, DEFAULT_LOYALTY_RULES);
  expect(empty.ok ? null : empty.errors["rules.0.when"]).toEqual({
    key: "settings.error.conditionEmpty",
    values: { kinds: "segment, predictedClvPercentile, pAlive, overdue, all, any" },
  });
});

test("checks across rules (a tag used twice, an alert naming no rule) are reported at the field too", () => {
  const parsed = parseSettingsForm({ ...values(), "rules.1.tag": "vip", "alerts.vipRule": "gold" }, DEFAULT_LOYALTY_RULES);
  expect(parsed).toEqual({
    ok: false,
    errors: {
      "rules.1.tag": { key: "settings.error.tagUsed", values: { name: "vip", rule: "vip" } },
      "alerts.vipRule": { key: "settings.error.unknownRule", values: { id: "gold" } },
    },
  });
  const again = parseSettingsForm({ ...values(), "rules.1.id": "vip", "alerts.atRiskRule": "", "rules.0.tag": "segment-gold" }, DEFAULT_LOYALTY_RULES);
  expect(again).toEqual({
    ok: false,
    errors: {
      "rules.1.id": { key: "settings.error.idUsed", values: { name: "vip", rule: "vip" } },
      "rules.0.tag": { key: "settings.error.segmentTagPrefix", values: {} },
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
  const notSegment = { key: "settings.error.notSegment", values: {} };
  expect(refused).toEqual({ ok: false, errors: { [segmentCellField(4, 3)]: notSegment, [segmentCellField(1, 0)]: notSegment } });
});

test("a grid that no longer gives a segment the rules or the shrink alert use is refused at the grid", () => {
  // The VIP rule asks for Champions; no cell gives it once R 5 × F + M 9–10 is Loyal.
  const parsed = parseSettingsForm({ ...values(), [segmentCellField(0, 3)]: "Loyal" }, DEFAULT_LOYALTY_RULES);
  expect(parsed).toEqual({ ok: false, errors: { segments: { key: "settings.error.segmentsMissing", values: { segments: ["Champions"] } } } });
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
