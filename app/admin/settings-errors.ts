/**
 * The settings form's errors as messages (pure): each is a message key of the app's i18n layer with the values it is
 * filled with, so that the page words it in the admin's language. zod's issues are mapped by their code; the rules'
 * own checks (loyalty/rules.ts) carry what they found as the issue's `params`, and the form's own checks name their key.
 */
import type { ZodIssue } from "zod";
import type { Locale } from "../i18n/locale.ts";
import { segmentLabel } from "../i18n/segment-label.ts";
import { type MessageKey, translator } from "../i18n/translate.ts";
import type { RuleProblem } from "../loyalty/rules.ts";
import type { SegmentName } from "../scoring/types.ts";

/** Every message a field's error can be, with the names of the values it is filled with. */
export const FIELD_ERROR_VALUES = {
  "settings.error.atLeast": ["minimum"],
  "settings.error.above": ["minimum"],
  "settings.error.atMost": ["maximum"],
  "settings.error.below": ["maximum"],
  "settings.error.fewItems": ["minimum"],
  "settings.error.manyItems": ["maximum"],
  "settings.error.shortText": ["minimum"],
  "settings.error.longText": ["maximum"],
  "settings.error.required": [],
  "settings.error.notNumber": [],
  "settings.error.notInteger": [],
  "settings.error.notList": [],
  "settings.error.notObject": [],
  "settings.error.wrongType": [],
  "settings.error.oneOf": ["options"],
  "settings.error.unknownKeys": ["keys"],
  "settings.error.format": [],
  "settings.error.invalid": [],
  "settings.error.tagFormat": [],
  "settings.error.boundsMissing": [],
  "settings.error.boundsOrder": [],
  "settings.error.conditionEmpty": ["kinds"],
  "settings.error.conditionKinds": ["kinds", "found"],
  "settings.error.unknownRule": ["id"],
  "settings.error.idUsed": ["name", "rule"],
  "settings.error.tagUsed": ["name", "rule"],
  "settings.error.segmentTagPrefix": [],
  "settings.error.notJson": [],
  "settings.error.tooDeep": ["maximum"],
  "settings.error.notSegment": [],
  "settings.error.timeOfDay": [],
  "settings.error.segmentsMissing": ["segments"],
} as const satisfies Partial<Record<MessageKey, readonly string[]>>;

export type FieldErrorKey = keyof typeof FIELD_ERROR_VALUES;

/** A value of a message: a list is a list of segments, shown by their names in the admin's language. */
export type FieldErrorValue = string | number | readonly SegmentName[];

/**
 * What is wrong with one field. `at` is where inside the field, for a rule's condition (its JSON): the path in it,
 * e.g. "any.1.pAlive", shown before the message.
 */
export interface FieldError {
  readonly key: FieldErrorKey;
  readonly values: Readonly<Record<string, FieldErrorValue>>;
  readonly at?: string;
}

export const fieldError = (key: FieldErrorKey, values: Record<string, FieldErrorValue> = {}): FieldError => ({ key, values });

const EXPECTED: Partial<Record<string, FieldErrorKey>> = {
  number: "settings.error.notNumber",
  integer: "settings.error.notInteger",
  array: "settings.error.notList",
  object: "settings.error.notObject",
};

/** The message of a rule check's problem. */
function ruleProblemError(found: RuleProblem): FieldError {
  switch (found.problem) {
    case "tagFormat":
    case "boundsMissing":
    case "boundsOrder":
    case "segmentTagPrefix":
      return fieldError(`settings.error.${found.problem}`);
    case "conditionKinds":
      return found.found === ""
        ? fieldError("settings.error.conditionEmpty", { kinds: found.kinds })
        : fieldError("settings.error.conditionKinds", { kinds: found.kinds, found: found.found });
    case "unknownRule":
      return fieldError("settings.error.unknownRule", { id: found.id });
    case "alreadyUsed":
      return fieldError(found.what === "id" ? "settings.error.idUsed" : "settings.error.tagUsed", { name: found.name, rule: found.rule });
  }
}

/** The message of a zod issue, by its code; `scale` turns the schema's numbers into the field's (a share typed in %). */
export function issueError(issue: ZodIssue, scale = 1): FieldError {
  const scaled = (value: number | bigint) => Math.round(Number(value) * scale * 1e6) / 1e6;
  switch (issue.code) {
    case "too_small":
      if (issue.type === "array" || issue.type === "set") return fieldError("settings.error.fewItems", { minimum: Number(issue.minimum) });
      if (issue.type === "string") return fieldError("settings.error.shortText", { minimum: Number(issue.minimum) });
      return fieldError(issue.inclusive ? "settings.error.atLeast" : "settings.error.above", { minimum: scaled(issue.minimum) });
    case "too_big":
      if (issue.type === "array" || issue.type === "set") return fieldError("settings.error.manyItems", { maximum: Number(issue.maximum) });
      if (issue.type === "string") return fieldError("settings.error.longText", { maximum: Number(issue.maximum) });
      return fieldError(issue.inclusive ? "settings.error.atMost" : "settings.error.below", { maximum: scaled(issue.maximum) });
    case "invalid_type":
      if (issue.received === "undefined") return fieldError("settings.error.required");
      return fieldError(EXPECTED[issue.expected] ?? "settings.error.wrongType");
    case "invalid_enum_value":
      return fieldError("settings.error.oneOf", { options: issue.options.join(", ") });
    case "unrecognized_keys":
      return fieldError("settings.error.unknownKeys", { keys: issue.keys.join(", ") });
    case "invalid_string":
      return fieldError("settings.error.format");
    case "custom":
      return typeof issue.params?.problem === "string" ? ruleProblemError(issue.params as RuleProblem) : fieldError("settings.error.invalid");
    default:
      return fieldError("settings.error.invalid");
  }
}

/** An error's text in the admin's language. */
export function fieldErrorText(error: FieldError, locale: Locale): string {
  const t = translator(locale);
  const list = new Intl.ListFormat(locale, { type: "conjunction" });
  const values = Object.fromEntries(
    Object.entries(error.values).map(([name, value]) => [name, Array.isArray(value) ? list.format(value.map((segment) => segmentLabel(segment, locale))) : value]),
  ) as Record<string, string | number>;
  const message = t(error.key, values);
  return error.at ? t("settings.error.at", { at: error.at, message }) : message;
}
