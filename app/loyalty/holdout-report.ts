/**
 * Did a rule's offer work? (pure). Per rule, the shoppers it offered a code (treated) against the shoppers it kept
 * back as its control group (holdout), on two outcomes since the action: the share who ordered again (repeat purchase
 * rate) and net revenue per shopper. Each comes with treated − control and its 95% confidence interval; an interval
 * that excludes zero says the groups differ by more than chance would make them. What "since the action" means, and
 * why these intervals, is in docs/decisions/0406-holdout-report.md.
 */
import { normalQuantile } from "../scoring/math/normal.ts";
import { studentTQuantile } from "../scoring/math/student-t.ts";

/** One shopper under one rule: in which group, and what they did since the action. */
export interface ShopperOutcome {
  /** In the rule's control group (no code). */
  readonly holdout: boolean;
  /** Placed at least one counted order after the action. */
  readonly orderedAgain: boolean;
  /** Net revenue of those orders (refunds deducted), in minor units of the shop's currency. */
  readonly netMinor: bigint;
}

/** A group's outcomes, as the database sums them: enough for both intervals without the shoppers themselves. */
export interface GroupOutcomes {
  readonly shoppers: number;
  /** Shoppers who ordered again. */
  readonly repeaters: number;
  readonly netMinor: bigint;
  /** Σ (net − mean net)² over the group's shoppers, in squared minor units. */
  readonly squaredDeviations: number;
}

export interface GroupSummary {
  readonly shoppers: number;
  readonly repeaters: number;
  /** repeaters / shoppers; null without shoppers. */
  readonly repeatRate: number | null;
  readonly netMinor: bigint;
  /** Mean net revenue per shopper in minor units (fractional); null without shoppers. */
  readonly revenuePerShopperMinor: number | null;
}

/** Treated − control with its interval, or why there is none yet (never NaN). */
export type Comparison =
  | { readonly state: "ready"; readonly difference: number; readonly low: number; readonly high: number; readonly excludesZero: boolean }
  | { readonly state: "not-enough-shoppers"; readonly reason: string };

export interface RuleHoldoutReport {
  readonly treated: GroupSummary;
  readonly control: GroupSummary;
  readonly confidence: number;
  /** Difference of repeat purchase rates (a share, −1 to 1): Newcombe's hybrid score interval. */
  readonly repeatRate: Comparison;
  /** Difference of mean net revenue per shopper, in minor units: Welch's interval. */
  readonly revenuePerShopper: Comparison;
}

/** Shoppers needed in each group before a difference is reported: one shopper has no spread to measure against. */
export const MIN_SHOPPERS_PER_GROUP = 2;

/** A group's sums from its shoppers' outcomes (two passes: mean, then squared deviations, for accuracy). */
export function groupOutcomes(outcomes: readonly ShopperOutcome[]): GroupOutcomes {
  const netMinor = outcomes.reduce((sum, o) => sum + o.netMinor, 0n);
  const mean = outcomes.length === 0 ? 0 : Number(netMinor) / outcomes.length;
  return {
    shoppers: outcomes.length,
    repeaters: outcomes.filter((o) => o.orderedAgain).length,
    netMinor,
    squaredDeviations: outcomes.reduce((sum, o) => sum + (Number(o.netMinor) - mean) ** 2, 0),
  };
}

/** The report of one rule from its shoppers' outcomes. */
export function ruleHoldoutReportFromOutcomes(outcomes: Iterable<ShopperOutcome>, confidence = 0.95): RuleHoldoutReport {
  const all = [...outcomes];
  return ruleHoldoutReport(groupOutcomes(all.filter((o) => !o.holdout)), groupOutcomes(all.filter((o) => o.holdout)), confidence);
}

/** The report of one rule from its two groups' sums. */
export function ruleHoldoutReport(treated: GroupOutcomes, control: GroupOutcomes, confidence = 0.95): RuleHoldoutReport {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  checkGroup(treated, "treated");
  checkGroup(control, "control");
  const tooFew = tooFewShoppers(treated, control);
  let revenuePerShopper: Comparison;
  if (tooFew) revenuePerShopper = tooFew;
  else {
    const welch = welchInterval(momentsOf(treated), momentsOf(control), confidence);
    revenuePerShopper = welch
      ? ready(welch.difference, welch.low, welch.high)
      : { state: "not-enough-shoppers", reason: "Every shopper has spent the same since the offer (usually nothing yet): there is no spread to measure against." };
  }
  let repeatRate: Comparison;
  if (tooFew) repeatRate = tooFew;
  else {
    const newcombe = newcombeInterval(treated.repeaters, treated.shoppers, control.repeaters, control.shoppers, confidence);
    repeatRate = ready(newcombe.difference, newcombe.low, newcombe.high);
  }
  return { treated: summaryOf(treated), control: summaryOf(control), confidence, repeatRate, revenuePerShopper };
}

function ready(difference: number, low: number, high: number): Comparison {
  return { state: "ready", difference, low, high, excludesZero: low > 0 || high < 0 };
}

function tooFewShoppers(treated: GroupOutcomes, control: GroupOutcomes): Comparison | null {
  if (treated.shoppers >= MIN_SHOPPERS_PER_GROUP && control.shoppers >= MIN_SHOPPERS_PER_GROUP) return null;
  return {
    state: "not-enough-shoppers",
    reason: `Not enough shoppers yet: at least ${MIN_SHOPPERS_PER_GROUP} offered a code and ${MIN_SHOPPERS_PER_GROUP} in the control group are needed; there are ${treated.shoppers} and ${control.shoppers}.`,
  };
}

function checkGroup(group: GroupOutcomes, name: string): void {
  if (!Number.isSafeInteger(group.shoppers) || group.shoppers < 0) throw new RangeError(`${name}.shoppers must be a count, got ${group.shoppers}`);
  if (!Number.isSafeInteger(group.repeaters) || group.repeaters < 0 || group.repeaters > group.shoppers) {
    throw new RangeError(`${name}.repeaters must be a count no larger than shoppers (${group.shoppers}), got ${group.repeaters}`);
  }
  if (!(group.squaredDeviations >= 0)) throw new RangeError(`${name}.squaredDeviations must be non-negative, got ${group.squaredDeviations}`);
}

function summaryOf(group: GroupOutcomes): GroupSummary {
  const none = group.shoppers === 0;
  return {
    shoppers: group.shoppers,
    repeaters: group.repeaters,
    repeatRate: none ? null : group.repeaters / group.shoppers,
    netMinor: group.netMinor,
    revenuePerShopperMinor: none ? null : Number(group.netMinor) / group.shoppers,
  };
}

/**
 * Wilson's score interval for a proportion x/n: the p whose score test at level 1 − α does not reject,
 * (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n). Stays inside [0, 1] and keeps its coverage for small n and
 * for x = 0 or x = n, where the Wald interval collapses. Wilson, JASA 22 (1927) 209–212.
 *
 * @example wilsonInterval(0, 10, 1.959963984540054) // [0, 0.2775]
 */
export function wilsonInterval(x: number, n: number, z: number): { low: number; high: number } {
  if (!(n > 0) || x < 0 || x > n) throw new RangeError(`wilsonInterval: need 0 ≤ x ≤ n and n > 0, got ${x}/${n}`);
  const p = x / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Newcombe's hybrid score interval for the difference of two independent proportions, p̂₁ − p̂₂ (his method 10):
 * with (l₁, u₁), (l₂, u₂) the Wilson intervals of each,
 *   low  = p̂₁ − p̂₂ − √((p̂₁ − l₁)² + (u₂ − p̂₂)²),   high = p̂₁ − p̂₂ + √((u₁ − p̂₁)² + (p̂₂ − l₂)²).
 * Coverage close to nominal for small groups and rates near 0 or 1, where the Wald interval fails; closed form.
 * Newcombe, Statistics in Medicine 17 (1998) 873–890, Table II. Here group 1 is treated, group 2 control.
 *
 * @example newcombeInterval(56, 70, 48, 80, 0.95) // { difference: 0.2, low: 0.0524, high: 0.3339 }
 */
export function newcombeInterval(x1: number, n1: number, x2: number, n2: number, confidence: number): { difference: number; low: number; high: number } {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const w1 = wilsonInterval(x1, n1, z);
  const w2 = wilsonInterval(x2, n2, z);
  const difference = p1 - p2;
  return {
    difference,
    low: difference - Math.hypot(p1 - w1.low, w2.high - p2),
    high: difference + Math.hypot(w1.high - p1, p2 - w2.low),
  };
}

/** A sample's size, mean and unbiased variance. */
export interface Moments {
  readonly n: number;
  readonly mean: number;
  readonly variance: number;
}

function momentsOf(group: GroupOutcomes): Moments {
  return { n: group.shoppers, mean: Number(group.netMinor) / group.shoppers, variance: group.squaredDeviations / (group.shoppers - 1) };
}

/**
 * Welch's interval for the difference of two means without assuming equal variances:
 * (m₁ − m₂) ± t_{1−α/2, ν} · √(s₁²/n₁ + s₂²/n₂), with the Welch–Satterthwaite degrees of freedom
 * ν = (s₁²/n₁ + s₂²/n₂)² / ((s₁²/n₁)²/(n₁−1) + (s₂²/n₂)²/(n₂−1)). Revenue per shopper is skewed (most spend
 * nothing, a few a lot); the interval leans on the central limit theorem, which holds for the group sizes a holdout
 * of 10% reaches in a shop with hundreds of eligible shoppers. Welch, Biometrika 34 (1947) 28–35.
 * Null when both variances are zero (no spread: the interval is undefined), or a group has fewer than two values.
 *
 * @example welchInterval(sleep group 1, sleep group 2) // R's t.test: −1.58, [−3.3654832, 0.2054832], ν = 17.776
 */
export function welchInterval(a: Moments, b: Moments, confidence: number): { difference: number; low: number; high: number; degreesOfFreedom: number } | null {
  if (a.n < 2 || b.n < 2) return null;
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se2 = va + vb;
  if (!(se2 > 0)) return null;
  const degreesOfFreedom = (se2 * se2) / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const half = studentTQuantile(1 - (1 - confidence) / 2, degreesOfFreedom) * Math.sqrt(se2);
  const difference = a.mean - b.mean;
  return { difference, low: difference - half, high: difference + half, degreesOfFreedom };
}
