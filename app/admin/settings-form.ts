/**
 * The settings page's form (pure): the loyalty rules and the shop settings as flat form fields, and back. Every field
 * is checked by the same zod schemas the rest of the app uses; an error is reported at the field it belongs to, as a
 * message for the page to word (settings-errors.ts), and nothing is saved unless every field is valid.
 */
import { type Condition, type LoyaltyRules, LoyaltyRulesSchema } from "../loyalty/rules.ts";
import { DEFAULT_SEGMENT_GRID, GRID_SEGMENT_NAMES, type SegmentGrid } from "../scoring/index.ts";
import type { SegmentName } from "../scoring/types.ts";
import { type FieldError, fieldError, issueError } from "./settings-errors.ts";
import { type ShopSettings, ShopSettingsSchema } from "./shop-settings.ts";

export type FormValues = Record<string, string>;
export type FormErrors = Record<string, FieldError>;

const percentText = (share: number) => String(Math.round(share * 1000) / 10);
const clock = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

export function settingsFormValues(rules: LoyaltyRules, settings: ShopSettings): FormValues {
  const values: FormValues = {
    tagPrefix: rules.tagPrefix,
    segmentTags: rules.segmentTags ? "on" : "",
    "alerts.vipRule": rules.alerts.vipRule ?? "",
    "alerts.atRiskRule": rules.alerts.atRiskRule ?? "",
    "alerts.minPredictedClvPercentile": String(rules.alerts.minPredictedClvPercentile),
    "alerts.overdue": rules.alerts.overdue ? String(rules.alerts.overdue.atLeast) : "",
    "alerts.pAliveDrop": rules.alerts.pAliveDrop ? percentText(rules.alerts.pAliveDrop.atLeast) : "",
    "alerts.segmentShrink": rules.alerts.segmentShrink ? percentText(rules.alerts.segmentShrink.share) : "",
    "alerts.flow": rules.alerts.flow ? "on" : "",
    marginPct: settings.marginPct === null ? "" : String(settings.marginPct),
    retentionDays: String(settings.retentionDays),
    migrationDays: String(settings.migrationDays),
    dailyRescoreAt: clock(settings.dailyRescoreMinute),
    ruleCount: String(rules.rules.length),
  };
  (settings.segmentGrid ?? DEFAULT_SEGMENT_GRID).forEach((row, i) => {
    row.forEach((segment, j) => {
      values[segmentCellField(i, j)] = segment;
    });
  });
  rules.rules.forEach((rule, i) => {
    values[`rules.${i}.id`] = rule.id;
    values[`rules.${i}.enabled`] = rule.enabled ? "on" : "";
    values[`rules.${i}.tag`] = rule.tag;
    values[`rules.${i}.when`] = JSON.stringify(rule.when, null, 2);
    values[`rules.${i}.offer`] = rule.offer ? "on" : "";
    values[`rules.${i}.offer.percentOff`] = String(rule.offer?.percentOff ?? 10);
    values[`rules.${i}.offer.validDays`] = String(rule.offer?.validDays ?? 30);
    values[`rules.${i}.offer.codes`] = rule.offer?.codes ?? "per-shopper";
    values[`rules.${i}.offer.holdoutShare`] = percentText(rule.offer?.holdoutShare ?? 0.1);
  });
  return values;
}

/** The form field of the segment grid's cell in row `row` (R 5 first) and F + M band `column`. */
export const segmentCellField = (row: number, column: number) => `segments.${row}.${column}`;

/** The segments a condition asks for, however deeply nested. */
function segmentsIn(condition: Condition, into: Set<SegmentName>): Set<SegmentName> {
  if ("segment" in condition) for (const name of condition.segment) into.add(name);
  if ("all" in condition) for (const inner of condition.all) segmentsIn(inner, into);
  if ("any" in condition) for (const inner of condition.any) segmentsIn(inner, into);
  return into;
}

/**
 * The grid's cells as typed, with an error at each cell that is not a segment; and, at the grid ("segments"), the
 * segments that the rules or the shrink alert still name but no cell gives any more (they would never match).
 */
function parseSegmentGrid(values: FormValues, errors: FormErrors): SegmentGrid {
  return DEFAULT_SEGMENT_GRID.map((row, i) =>
    row.map((_, j) => {
      const field = segmentCellField(i, j);
      const name = values[field] as SegmentName;
      if (!GRID_SEGMENT_NAMES.includes(name)) errors[field] = fieldError("settings.error.notSegment");
      return name;
    }),
  );
}

function segmentsNoCellGives(grid: SegmentGrid, rules: LoyaltyRules): FieldError | null {
  const given = new Set(grid.flat());
  const named = new Set<SegmentName>();
  for (const rule of rules.rules) if (rule.enabled) segmentsIn(rule.when, named);
  for (const name of rules.alerts.segmentShrink?.segments ?? []) named.add(name);
  const missing = [...named].filter((name) => name !== "Prospects" && !given.has(name));
  return missing.length === 0 ? null : fieldError("settings.error.segmentsMissing", { segments: missing });
}

// Decimal notation only: Number() also reads "0x20", "0b1" and "Infinity", which no merchant types for a figure.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
/** A number typed in a field: NaN (which every schema refuses) for text that is not one in decimal notation. */
const numberOf = (text: string | undefined) => (text === undefined || !DECIMAL.test(text.trim()) ? Number.NaN : Number(text.trim()));
const optional = <T>(text: string | undefined, make: (value: number) => T): T | null => (text === undefined || text.trim() === "" ? null : make(numberOf(text)));

/** How deep a condition's `all` and `any` may nest (the default rules nest 1: one combination of plain conditions). */
export const MAX_CONDITION_DEPTH = 8;

/** How deep `all` and `any` nest in parsed JSON, counted without recursion (so a hostile depth cannot overflow the stack). */
function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0 && deepest <= MAX_CONDITION_DEPTH) {
    const [node, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    if (Array.isArray(node)) for (const child of node) stack.push([child, depth]);
    else if (node !== null && typeof node === "object") {
      for (const [key, child] of Object.entries(node)) stack.push([child, key === "all" || key === "any" ? depth + 1 : depth]);
    }
  }
  return deepest;
}

/** Where a schema's issue is shown: the form field of its path (a rule's condition: its one JSON field). */
function fieldOf(path: readonly (string | number)[], prefix: readonly string[] = []): string {
  const full = [...prefix, ...path.map(String)];
  if (full[0] === "rules" && full[2] === "when") return full.slice(0, 3).join(".");
  if (full[0] === "alerts" && ["overdue", "pAliveDrop", "segmentShrink"].includes(full[1] ?? "")) return full.slice(0, 2).join(".");
  return full.join(".") || "form";
}

/** The rules' shares (0–1) that the form shows as percentages: their limits are shown in percent too. */
const inPercent = (path: readonly (string | number)[]) =>
  /^(rules\.\d+\.offer\.holdoutShare|alerts\.pAliveDrop\.atLeast|alerts\.segmentShrink\.share)$/.test(path.join("."));

export type ParsedSettings = { ok: true; rules: LoyaltyRules; settings: ShopSettings } | { ok: false; errors: FormErrors };

/**
 * The form's fields as rules and settings, or the errors by field. `current` supplies what the form does not edit:
 * the segments the shrink alert watches and its minimum size.
 */
export function parseSettingsForm(values: FormValues, current: LoyaltyRules): ParsedSettings {
  const errors: FormErrors = {};
  const count = Math.min(20, Math.max(0, Math.trunc(numberOf(values.ruleCount)) || 0));
  const rules = Array.from({ length: count }, (_, i) => {
    const field = (name: string) => values[`rules.${i}.${name}`];
    let when: unknown = null;
    try {
      when = JSON.parse(field("when") ?? "");
    } catch {
      errors[`rules.${i}.when`] = fieldError("settings.error.notJson");
    }
    // The schema checks a condition by recursion: one nested thousands deep is refused before it is read.
    if (nestingDepth(when) > MAX_CONDITION_DEPTH) {
      errors[`rules.${i}.when`] = fieldError("settings.error.tooDeep", { maximum: MAX_CONDITION_DEPTH });
      when = null;
    }
    return {
      id: field("id") ?? "",
      enabled: field("enabled") === "on",
      tag: (field("tag") ?? "").trim(),
      when,
      ...(field("offer") === "on"
        ? {
            offer: {
              percentOff: numberOf(field("offer.percentOff")),
              validDays: numberOf(field("offer.validDays")),
              codes: field("offer.codes"),
              holdoutShare: numberOf(field("offer.holdoutShare")) / 100,
            },
          }
        : {}),
    };
  });
  const shrink = current.alerts.segmentShrink;
  const input = {
    tagPrefix: (values.tagPrefix ?? "").trim(),
    segmentTags: values.segmentTags === "on",
    rules,
    alerts: {
      vipRule: values["alerts.vipRule"] || null,
      atRiskRule: values["alerts.atRiskRule"] || null,
      minPredictedClvPercentile: numberOf(values["alerts.minPredictedClvPercentile"]),
      overdue: optional(values["alerts.overdue"], (atLeast) => ({ atLeast })),
      pAliveDrop: optional(values["alerts.pAliveDrop"], (points) => ({ atLeast: points / 100 })),
      segmentShrink: optional(values["alerts.segmentShrink"], (share) => ({
        share: share / 100,
        minShoppers: shrink?.minShoppers ?? 20,
        segments: shrink?.segments ?? ["Champions", "Loyal", "Active"],
      })),
      flow: values["alerts.flow"] === "on",
    },
  };
  const parsedRules = LoyaltyRulesSchema.safeParse(input);
  if (!parsedRules.success) {
    for (const issue of parsedRules.error.issues) {
      const field = fieldOf(issue.path);
      const inner = field.endsWith(".when") ? issue.path.slice(3).join(".") : "";
      const error = issueError(issue, inPercent(issue.path) ? 100 : 1);
      errors[field] ??= inner ? { ...error, at: inner } : error;
    }
  }
  const segmentGrid = parseSegmentGrid(values, errors);
  const time = /^(\d{1,2}):(\d{2})$/.exec((values.dailyRescoreAt ?? "").trim());
  const parsedSettings = ShopSettingsSchema.safeParse({
    marginPct: optional(values.marginPct, (value) => value),
    retentionDays: numberOf(values.retentionDays),
    migrationDays: numberOf(values.migrationDays),
    dailyRescoreMinute: time && Number(time[1]) < 24 && Number(time[2]) < 60 ? Number(time[1]) * 60 + Number(time[2]) : Number.NaN,
    segmentGrid: JSON.stringify(segmentGrid) === JSON.stringify(DEFAULT_SEGMENT_GRID) ? null : segmentGrid,
  });
  if (!parsedSettings.success) {
    for (const issue of parsedSettings.error.issues) {
      if (issue.path[0] === "segmentGrid") continue; // reported at its cells
      const field = issue.path[0] === "dailyRescoreMinute" ? "dailyRescoreAt" : fieldOf(issue.path);
      errors[field] ??= field === "dailyRescoreAt" ? fieldError("settings.error.timeOfDay") : issueError(issue);
    }
  }
  if (Object.keys(errors).length > 0 || !parsedRules.success || !parsedSettings.success) return { ok: false, errors };
  const missing = segmentsNoCellGives(segmentGrid, parsedRules.data);
  if (missing !== null) return { ok: false, errors: { segments: missing } };
  return { ok: true, rules: parsedRules.data, settings: parsedSettings.data };
}
