/**
 * A shop's loyalty rules (pure): which shoppers get which of the app's tags, and which get a discount offer. Rules are
 * data, validated with zod; an invalid rule set is refused with one message per problem, naming the field. See
 * docs/decisions/0401-loyalty-rules.md.
 */
import { z } from "zod";
import { SEGMENT_NAMES, type SegmentName } from "../scoring/types.ts";

/**
 * What the rules' own checks found, as the `params` of their zod issues, so that a page can word it in the admin's
 * language (admin/settings-errors.ts); the issue's message says the same in English for imports and logs.
 */
export type RuleProblem =
  | { readonly problem: "tagFormat" }
  | { readonly problem: "boundsMissing" }
  | { readonly problem: "boundsOrder" }
  | { readonly problem: "conditionKinds"; readonly kinds: string; readonly found: string }
  | { readonly problem: "unknownRule"; readonly id: string }
  | { readonly problem: "alreadyUsed"; readonly what: "id" | "tag"; readonly name: string; readonly rule: string }
  | { readonly problem: "segmentTagPrefix" };

const problem = (params: RuleProblem) => ({ params });

const percent = z.number().min(0).max(100);
const probability = z.number().min(0).max(1);

/** What a shopper must meet; `all` and `any` combine conditions. */
export type Condition =
  | { readonly segment: readonly SegmentName[] }
  | { readonly predictedClvPercentile: { readonly atLeast?: number; readonly below?: number } }
  | { readonly pAlive: { readonly atLeast?: number; readonly below?: number } }
  | { readonly overdue: { readonly atLeast: number } }
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] };

const bounds = <T extends z.ZodNumber>(value: T) =>
  z
    .object({ atLeast: value.optional(), below: value.optional() })
    .strict()
    .refine((b) => b.atLeast !== undefined || b.below !== undefined, { message: "needs atLeast or below", ...problem({ problem: "boundsMissing" }) })
    .refine((b) => b.atLeast === undefined || b.below === undefined || b.atLeast < b.below, {
      message: "atLeast must be below `below`",
      ...problem({ problem: "boundsOrder" }),
    });

/** At most this many conditions in one `all` or `any`. */
const MAX_COMBINED = 20;

const CONDITION_KINDS = ["segment", "predictedClvPercentile", "pAlive", "overdue", "all", "any"] as const;

/**
 * One object with every kind optional and exactly one present, rather than a union, so that a mistake inside a
 * condition is reported at its own field ("rules[0].when.segment[1]: ...") instead of as "matches no shape".
 */
export const ConditionSchema: z.ZodType<Condition> = z.lazy(
  () =>
    z
      .object({
        segment: z.array(z.enum(SEGMENT_NAMES)).min(1).max(SEGMENT_NAMES.length).optional(),
        // The shopper's predicted CLV against the shop's: atLeast 95 is the top 5%.
        predictedClvPercentile: bounds(percent).optional(),
        pAlive: bounds(probability).optional(),
        // Days since the last order over the shopper's own expected days between orders: 1.5 is half a cycle late.
        overdue: z
          .object({ atLeast: z.number().positive().max(100) })
          .strict()
          .optional(),
        all: z.array(ConditionSchema).min(1).max(MAX_COMBINED).optional(),
        any: z.array(ConditionSchema).min(1).max(MAX_COMBINED).optional(),
      })
      .strict()
      .superRefine((condition, context) => {
        const kinds = Object.keys(condition);
        if (kinds.length !== 1) {
          context.addIssue({
            code: "custom",
            message: `a condition has exactly one of ${CONDITION_KINDS.join(", ")}; this one has ${kinds.length === 0 ? "none" : kinds.join(" and ")}`,
            ...problem({ problem: "conditionKinds", kinds: CONDITION_KINDS.join(", "), found: kinds.join(", ") }),
          });
        }
      }) as unknown as z.ZodType<Condition>,
);

export const OfferSchema = z
  .object({
    percentOff: z.number().int().min(1).max(100),
    validDays: z.number().int().min(1).max(365),
    // One single-use code per shopper, or one code for the segment built on the rule's tag.
    codes: z.enum(["per-shopper", "per-segment"]).default("per-shopper"),
    // A random, stable share of eligible shoppers that gets no code, to measure the offer against.
    holdoutShare: z.number().min(0).max(0.5).default(0.1),
  })
  .strict();

/** Tag suffixes: lower case letters, digits and dashes, as Shopify keeps tags readable in the segment editor. */
const TAG_PART = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const tagPart = (maxLength: number) =>
  z
    .string()
    .max(maxLength)
    .refine((text) => TAG_PART.test(text), { message: "use lower-case letters, digits and single dashes", ...problem({ problem: "tagFormat" }) });

export const RuleSchema = z
  .object({
    id: tagPart(40),
    enabled: z.boolean().default(true),
    // The tag is `<prefix>-<tag>`, e.g. crm-vip.
    tag: tagPart(30),
    when: ConditionSchema,
    offer: OfferSchema.optional(),
  })
  .strict();

/**
 * The early warnings raised after each rescoring (early-warnings.ts), for staff and for Shopify Flow. Each can be turned
 * off with null. Rules saved before there were alerts get these defaults.
 */
export const AlertSettingsSchema = z
  .object({
    // The rule whose tag makes a VIP: a shopper who loses it raises "VIP lost".
    vipRule: tagPart(40).nullable().default("vip"),
    // The rule whose tag marks a shopper at risk: a shopper who gains it raises "became at risk".
    atRiskRule: tagPart(40).nullable().default("win-back"),
    // The overdue and P(alive) warnings are for good customers only: a predicted CLV at this percentile or above.
    minPredictedClvPercentile: percent.default(50),
    // Turning overdue: days since the last order at least this many times the shopper's own days between orders.
    overdue: z
      .object({ atLeast: z.number().positive().max(100) })
      .strict()
      .nullable()
      .default({ atLeast: 1.5 }),
    // P(alive) fell by at least this much since the last rescoring (0.2 is 20 percentage points).
    pAliveDrop: z
      .object({ atLeast: z.number().gt(0).max(1) })
      .strict()
      .nullable()
      .default({ atLeast: 0.2 }),
    // One of these segments lost at least this share of its shoppers in one rescoring (only when it had minShoppers).
    segmentShrink: z
      .object({
        share: z.number().gt(0).max(1),
        minShoppers: z.number().int().min(1).default(20),
        segments: z.array(z.enum(SEGMENT_NAMES)).min(1),
      })
      .strict()
      .nullable()
      .default({ share: 0.2, minShoppers: 20, segments: ["Champions", "Loyal", "Active"] }),
    // Also start the merchant's Shopify Flow workflows on them.
    flow: z.boolean().default(true),
  })
  .strict();

export type AlertSettings = z.infer<typeof AlertSettingsSchema>;

/**
 * Rules saved before there were alerts name no rule for them: they get the default VIP and at-risk rules only where a
 * rule has that id, so that they still load; a rule the merchant names explicitly must exist.
 */
function withAlertDefaults(input: unknown): unknown {
  if (typeof input !== "object" || input === null || "alerts" in input || !Array.isArray((input as { rules?: unknown }).rules)) return input;
  const ids = new Set(((input as { rules: unknown[] }).rules as { id?: unknown }[]).map((rule) => rule?.id));
  return { ...input, alerts: { vipRule: ids.has("vip") ? "vip" : null, atRiskRule: ids.has("win-back") ? "win-back" : null } };
}

const RulesObjectSchema = z
  .object({
    // The start of every tag the app sets; the merchant's own tags never start with it unless they choose so.
    tagPrefix: tagPart(20).default("crm"),
    // Also tag every scored shopper with their RFM group: <prefix>-segment-champions.
    segmentTags: z.boolean().default(true),
    rules: z.array(RuleSchema).max(20),
    alerts: AlertSettingsSchema.default({}),
  })
  .strict()
  .superRefine((value, context) => {
    for (const field of ["vipRule", "atRiskRule"] as const) {
      const id = value.alerts[field];
      if (id !== null && !value.rules.some((rule) => rule.id === id)) {
        context.addIssue({
          code: "custom",
          path: ["alerts", field],
          message: `no rule has the id "${id}"; name one of the rules, or null for no such alert`,
          ...problem({ problem: "unknownRule", id }),
        });
      }
    }
    const seen = new Map<string, number>();
    value.rules.forEach((rule, index) => {
      for (const [what, name] of [
        ["id", rule.id],
        ["tag", rule.tag],
      ] as const) {
        const key = `${what}:${name}`;
        const first = seen.get(key);
        if (first !== undefined)
          context.addIssue({
            code: "custom",
            path: ["rules", index, what],
            message: `${what} "${name}" is already used by rules.${first}`,
            ...problem({ problem: "alreadyUsed", what, name, rule: value.rules[first]!.id }),
          });
        else seen.set(key, index);
      }
      if (rule.tag.startsWith("segment-") && value.segmentTags) {
        context.addIssue({
          code: "custom",
          path: ["rules", index, "tag"],
          message: 'tags starting with "segment-" are the RFM group tags',
          ...problem({ problem: "segmentTagPrefix" }),
        });
      }
    });
  });

export const LoyaltyRulesSchema = z.preprocess(withAlertDefaults, RulesObjectSchema);

export type LoyaltyRules = z.infer<typeof RulesObjectSchema>;
export type LoyaltyRule = LoyaltyRules["rules"][number];

/**
 * The rules a shop starts with, acting right after install:
 * - VIP: Champions, or the top 5% by predicted CLV, tagged crm-vip, with a 10% thank-you code valid 60 days;
 * - at risk: At risk, Previously loyal (Shopify's name for "can't lose them") or Almost lost ("about to sleep"),
 *   with a predicted CLV above the shop's median, tagged crm-at-risk, with a 15% win-back code valid 30 days.
 */
export const DEFAULT_LOYALTY_RULES: LoyaltyRules = LoyaltyRulesSchema.parse({
  rules: [
    {
      id: "vip",
      tag: "vip",
      when: { any: [{ segment: ["Champions"] }, { predictedClvPercentile: { atLeast: 95 } }] },
      offer: { percentOff: 10, validDays: 60 },
    },
    {
      id: "win-back",
      tag: "at-risk",
      when: { all: [{ segment: ["At risk", "Previously loyal", "Almost lost"] }, { predictedClvPercentile: { atLeast: 50 } }] },
      offer: { percentOff: 15, validDays: 30 },
    },
  ],
});

export type ParsedRules = { readonly ok: true; readonly rules: LoyaltyRules } | { readonly ok: false; readonly errors: readonly string[] };

/** Validates a rule set (from the settings page or an import): the rules, or one message per problem naming the field. */
export function parseLoyaltyRules(input: unknown): ParsedRules {
  const parsed = LoyaltyRulesSchema.safeParse(input);
  if (parsed.success) return { ok: true, rules: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((issue) => `${fieldName(issue.path)}: ${issue.message}`) };
}

function fieldName(path: readonly (string | number)[]): string {
  return path.reduce<string>((name, part) => (typeof part === "number" ? `${name}[${part}]` : name ? `${name}.${part}` : part), "") || "(rules)";
}
