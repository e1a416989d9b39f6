import { expect, test } from "vitest";
import { DEFAULT_LOYALTY_RULES } from "../loyalty/rules.ts";
import { parseSettingsForm, settingsFormValues } from "./settings-form.ts";
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
