/**
 * What the home page shows of the loyalty actions: per rule with an offer, the shoppers given a code and kept as
 * control, the redemptions and how the two groups compare since the offer (holdout-report.server.ts); and the early
 * warnings of the last 30 days by kind. Money in minor units as numbers, for the page's JSON.
 */
import { alertCountsSince } from "../persistence/loyalty-alerts.server.ts";
import type { Comparison } from "./holdout-report.ts";
import { holdoutReport } from "./holdout-report.server.ts";

const ALERT_DAYS = 30;

export interface RuleSummary {
  readonly ruleId: string;
  readonly current: boolean;
  readonly treated: number;
  readonly control: number;
  readonly redemptions: number;
  readonly redeemedNetMinor: number;
  readonly treatedRepeatRate: number | null;
  readonly controlRepeatRate: number | null;
  readonly repeatRate: Comparison;
  readonly revenuePerShopper: Comparison;
}

export interface LoyaltySummary {
  readonly rules: readonly RuleSummary[];
  readonly alertDays: number;
  readonly alerts: Readonly<Record<string, number>>;
}

export async function loyaltySummary(shop: string, now: Date): Promise<LoyaltySummary> {
  const [holdout, alerts] = await Promise.all([holdoutReport(shop, now), alertCountsSince(shop, new Date(now.getTime() - ALERT_DAYS * 86_400_000))]);
  return {
    rules: holdout.rules.map(({ ruleId, current, report, redemptions, redeemedNetMinor }) => ({
      ruleId,
      current,
      treated: report.treated.shoppers,
      control: report.control.shoppers,
      redemptions,
      redeemedNetMinor: Number(redeemedNetMinor),
      treatedRepeatRate: report.treated.repeatRate,
      controlRepeatRate: report.control.repeatRate,
      repeatRate: report.repeatRate,
      revenuePerShopper: report.revenuePerShopper,
    })),
    alertDays: ALERT_DAYS,
    alerts,
  };
}
