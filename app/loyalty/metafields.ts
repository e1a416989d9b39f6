/**
 * The app's customer metafields (pure): what each scored shopper's `$app` metafields should hold, and which of them
 * differ from what the app wrote last, so that a push sends `metafieldsSet` only for values that changed. The
 * definitions are declared in shopify.app.toml (`[customer.metafields.app.<key>]`, admin access merchant_read), so
 * the values show on Shopify's own customer page and in its segment editor, Flow and email tools.
 */
import { fromMinorUnits } from "../utils/money.ts";

/** Each metafield key with its Shopify type; shopify.app.toml declares the same (tests/app-config.test.ts). */
export const APP_METAFIELDS = {
  historic_clv: "money",
  predicted_clv: "money",
  rfm_group: "single_line_text_field",
  rfm_recency: "number_integer",
  rfm_frequency: "number_integer",
  rfm_monetary: "number_integer",
  p_alive: "number_decimal",
  active_code: "single_line_text_field",
  active_code_expires_at: "date_time",
  last_scored_at: "date_time",
} as const;

export type AppMetafieldKey = keyof typeof APP_METAFIELDS;

/** A shopper's values as the metafields read them. */
export interface MetafieldScores {
  readonly historicClvMinor: bigint;
  readonly predictedClvMinor: bigint | null;
  readonly segment: string;
  readonly rfmRecency: number | null;
  readonly rfmFrequency: number | null;
  readonly rfmMonetary: number | null;
  readonly pAlive: number | null;
  readonly scoredAt: Date;
  /** The shopper's valid code, if the app gave them one. */
  readonly activeCode: { readonly code: string; readonly endsAt: Date } | null;
}

export type MetafieldValues = Partial<Record<AppMetafieldKey, string>>;

/** The metafield values (as Shopify stores them) for one shopper; a value the app does not have is left out. */
export function intendedMetafields(scores: MetafieldScores, currencyCode: string): MetafieldValues {
  const money = (minor: bigint) => JSON.stringify({ amount: fromMinorUnits(minor, currencyCode), currency_code: currencyCode });
  const values: MetafieldValues = {
    historic_clv: money(scores.historicClvMinor),
    rfm_group: scores.segment,
    last_scored_at: scores.scoredAt.toISOString(),
  };
  if (scores.predictedClvMinor !== null) values.predicted_clv = money(scores.predictedClvMinor);
  if (scores.rfmRecency !== null) values.rfm_recency = String(scores.rfmRecency);
  if (scores.rfmFrequency !== null) values.rfm_frequency = String(scores.rfmFrequency);
  if (scores.rfmMonetary !== null) values.rfm_monetary = String(scores.rfmMonetary);
  // Four decimals: a change in the fifth is noise, and would rewrite every shopper's field at each rescoring.
  if (scores.pAlive !== null) values.p_alive = scores.pAlive.toFixed(4);
  if (scores.activeCode !== null) {
    values.active_code = scores.activeCode.code;
    values.active_code_expires_at = scores.activeCode.endsAt.toISOString();
  }
  return values;
}

export interface MetafieldWrite {
  readonly key: AppMetafieldKey;
  readonly type: (typeof APP_METAFIELDS)[AppMetafieldKey];
  readonly value: string;
}

/**
 * What to send to make the shopper's metafields the intended ones: the values that are new or changed since the
 * app's last write, in the order of APP_METAFIELDS, and the keys that should no longer hold a value (a code that
 * ended, a score the model no longer gives). `last_scored_at` alone is no change: it says when the values shown were
 * scored, and is rewritten whenever one of them is.
 */
export function metafieldChanges(previous: MetafieldValues, intended: MetafieldValues): { readonly set: MetafieldWrite[]; readonly clear: AppMetafieldKey[] } {
  const set: MetafieldWrite[] = [];
  const clear: AppMetafieldKey[] = [];
  for (const key of Object.keys(APP_METAFIELDS) as AppMetafieldKey[]) {
    const value = intended[key];
    if (value === undefined) {
      if (previous[key] !== undefined) clear.push(key);
    } else if (previous[key] !== value) {
      set.push({ key, type: APP_METAFIELDS[key], value });
    }
  }
  // The time of the scores is written with them, not on its own: a rescoring that changed nothing sends nothing.
  if (clear.length === 0 && set.every((write) => write.key === "last_scored_at")) return { set: [], clear: [] };
  return { set, clear };
}
