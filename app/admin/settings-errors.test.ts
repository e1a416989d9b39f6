import { expect, test } from "vitest";
import { LOCALES } from "../i18n/locale.ts";
import { en } from "../i18n/messages/en.ts";
import { ko } from "../i18n/messages/ko.ts";
import { DEFAULT_LOYALTY_RULES } from "../loyalty/rules.ts";
import { FIELD_ERROR_VALUES, type FieldError, type FieldErrorKey, type FieldErrorValue, fieldErrorText } from "./settings-errors.ts";
import { parseSettingsForm, segmentCellField, settingsFormValues } from "./settings-form.ts";
import { DEFAULT_SHOP_SETTINGS } from "./shop-settings.ts";

const KEYS = Object.keys(FIELD_ERROR_VALUES) as FieldErrorKey[];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
const HANGUL = /[가-힣]/;

test("every message of the form is in English and Korean, with exactly the values it is given", () => {
  expect(KEYS.length).toBeGreaterThan(20);
  for (const key of [...KEYS, "settings.error.at" as const]) {
    const names = key === "settings.error.at" ? ["at", "message"] : [...FIELD_ERROR_VALUES[key]];
    expect(placeholders(en[key]), key).toEqual([...names].sort());
    expect(placeholders(ko[key]), key).toEqual([...names].sort());
    if (key !== "settings.error.at") expect(ko[key], key).toMatch(HANGUL);
  }
});

test("every message renders with its values in both languages, a list of segments by their names", () => {
  for (const key of KEYS) {
    const values = Object.fromEntries(
      FIELD_ERROR_VALUES[key].map((name): [string, FieldErrorValue] => [name, name === "segments" ? ["Champions", "Loyal"] : `«${name}»`]),
    );
    const error: FieldError = { key, values, at: "any.0" };
    for (const locale of LOCALES) {
      const text = fieldErrorText(error, locale);
      expect(text, `${key} ${locale}`).not.toMatch(/\{\w+\}/);
      expect(text.startsWith("any.0: "), `${key} ${locale}`).toBe(true);
      for (const name of FIELD_ERROR_VALUES[key]) if (name !== "segments") expect(text, `${key} ${locale}`).toContain(`«${name}»`);
    }
    if (key === "settings.error.segmentsMissing") {
      expect(fieldErrorText(error, "en")).toContain("Champions and Loyal");
      expect(fieldErrorText(error, "ko")).toContain("챔피언 및 충성 고객");
    }
  }
  expect(fieldErrorText({ key: "settings.error.atLeast", values: { minimum: 1 } }, "ko")).toBe("1 이상이어야 합니다");
  expect(fieldErrorText({ key: "settings.error.atLeast", values: { minimum: 1 } }, "en")).toBe("must be 1 or more");
});

/** Mistakes a merchant can make on the settings page, each changing the default form; together they give every message the form words. */
const MISTAKES: Record<string, string>[] = [
  { retentionDays: "1", migrationDays: "400", marginPct: "0", "alerts.overdue": "lots", "rules.0.offer.validDays": "1.5", tagPrefix: "CRM!" },
  { "rules.0.when": "{not json", "rules.1.when": '{"segment": []}', "rules.1.tag": "a".repeat(31), "rules.1.offer.codes": "per-nobody" },
  { "rules.0.when": "[]", "rules.1.when": '{"segment": "Loyal"}', dailyRescoreAt: "25:00" },
  { "rules.0.when": '{"overdue": {}}', "rules.1.when": '{"segment": [1]}', [segmentCellField(1, 1)]: "Gold" },
  { "rules.0.when": '{"colour": "blue", "segment": ["Loyal"]}', "rules.1.when": '{"segment": ["Heroes"]}' },
  { "rules.0.when": '{"pAlive": {}}', "rules.1.when": '{"pAlive": {"atLeast": 0.8, "below": 0.2}}' },
  { "rules.0.when": "{}", "rules.1.when": '{"segment": ["Loyal"], "pAlive": {"below": 0.5}}' },
  { "rules.1.tag": "vip", "alerts.vipRule": "gold" },
  { "rules.1.id": "vip", "alerts.atRiskRule": "", "rules.0.tag": "segment-gold" },
  { [segmentCellField(0, 3)]: "Loyal" },
  { "rules.0.when": `${'{"any": ['.repeat(9)}{"segment": ["Loyal"]}${"]}".repeat(9)}`, "rules.1.when": JSON.stringify({ segment: Array(12).fill("Loyal") }) },
];

/** What zod can say that no field of this form can cause: no exclusive maximum, no list or text with a minimum length. */
const NOT_FROM_THIS_FORM: FieldErrorKey[] = ["settings.error.below", "settings.error.shortText", "settings.error.format", "settings.error.invalid"];

test("every error the form gives has the values its message needs and reads in both languages; the mistakes cover every message", () => {
  const given = new Set<FieldErrorKey>();
  const defaults = settingsFormValues(DEFAULT_LOYALTY_RULES, DEFAULT_SHOP_SETTINGS);
  for (const mistake of MISTAKES) {
    const parsed = parseSettingsForm({ ...defaults, ...mistake }, DEFAULT_LOYALTY_RULES);
    if (parsed.ok) throw new Error(`accepted ${JSON.stringify(mistake)}`);
    for (const [field, error] of Object.entries(parsed.errors)) {
      given.add(error.key);
      expect(Object.keys(error.values).sort(), `${field}: ${error.key}`).toEqual([...FIELD_ERROR_VALUES[error.key]].sort());
      // As the page gets it: through the action's JSON.
      const sent = JSON.parse(JSON.stringify(error)) as FieldError;
      const english = fieldErrorText(sent, "en");
      const korean = fieldErrorText(sent, "ko");
      expect(english, field).not.toMatch(/\{\w+\}/);
      expect(korean, field).not.toMatch(/\{\w+\}/);
      expect(korean, field).toMatch(HANGUL);
      expect(korean, field).not.toBe(english);
    }
  }
  expect([...given].sort()).toEqual(KEYS.filter((key) => !NOT_FROM_THIS_FORM.includes(key)).sort());
});

test("a mistake reads in Korean as a Korean merchant would say it, the values in place", () => {
  const defaults = settingsFormValues(DEFAULT_LOYALTY_RULES, DEFAULT_SHOP_SETTINGS);
  const parsed = parseSettingsForm(
    { ...defaults, retentionDays: "1", "rules.0.offer.percentOff": "150", "rules.1.when": '{"all": [{"pAlive": {}}]}' },
    DEFAULT_LOYALTY_RULES,
  );
  if (parsed.ok) throw new Error("accepted");
  expect(fieldErrorText(parsed.errors.retentionDays!, "ko")).toBe("7 이상이어야 합니다");
  expect(fieldErrorText(parsed.errors["rules.0.offer.percentOff"]!, "ko")).toBe("100 이하여야 합니다");
  expect(fieldErrorText(parsed.errors["rules.1.when"]!, "ko")).toBe("all.0.pAlive: atLeast나 below 중 하나가 있어야 합니다");
  expect(fieldErrorText(parsed.errors["rules.1.when"]!, "en")).toBe("all.0.pAlive: needs atLeast or below");
  const grid = parseSettingsForm({ ...defaults, [segmentCellField(0, 3)]: "Loyal" }, DEFAULT_LOYALTY_RULES);
  if (grid.ok) throw new Error("accepted");
  expect(fieldErrorText(grid.errors.segments!, "ko")).toBe("규칙이나 알림에서 사용하는 챔피언에 해당하는 칸이 없습니다");
});
