/**
 * The outcomes the holdout report compares (app/loyalty/holdout-report.ts), computed by the database from the stored
 * orders: per rule, per group (treated or control), how many shoppers, how many ordered again since the action, their
 * net revenue since, and its squared deviations. One statement; it returns two rows per rule whatever the shop's size,
 * and never loads an order. docs/decisions/0406-holdout-report.md says what it counts.
 */
import { db } from "../db.server.ts";
import { countedOrder } from "./customer-summaries.server.ts";
import { sqlDialect } from "./sql-dialect.server.ts";

/** A group's sums, the shape app/loyalty/holdout-report.ts reads. */
export interface GroupOutcomes {
  readonly shoppers: number;
  readonly repeaters: number;
  readonly netMinor: bigint;
  /** Σ (net − the group's mean net)², in squared minor units. */
  readonly squaredDeviations: number;
}

export interface RuleOutcomes {
  readonly ruleId: string;
  readonly treated: GroupOutcomes;
  readonly control: GroupOutcomes;
}

interface RawRow {
  rule_id: string;
  holdout: boolean | number | bigint;
  shoppers: number | bigint;
  repeaters: number | bigint;
  net: string;
  squares: number | string | null;
}

const EMPTY: GroupOutcomes = { shoppers: 0, repeaters: 0, netMinor: 0n, squaredDeviations: 0 };

/**
 * Each rule's treated and control outcomes at `now`, rules sorted by id.
 *
 * The unit is the shopper under a rule, at their first offer under it (an offer row is a code or a control place for
 * one period; later periods of the same shopper are not new shoppers): its `holdout` decides the group (assignment,
 * not use of the code, as intention to treat) and its `offeredAt` starts the window. The outcome is every counted
 * order (as the summaries count them: not cancelled, test or deleted, not refunded in full; net of refunds) of the
 * shopper processed after that instant and up to `now`. Times compare in whole seconds, as Shopify's are.
 *
 * Three GROUP BYs and a window: offers → first offer per (rule, shopper) → orders per shopper → the group's mean, then
 * sums per (rule, group). The squared deviations are taken from the group's mean (two passes, in double precision),
 * not as Σx² − n·mean², which cancels badly.
 */
export async function holdoutOutcomes(shop: string, now: Date): Promise<RuleOutcomes[]> {
  const dialect = sqlDialect();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const cutoff = dialect.timestamp(nowSeconds + 1);
  const shopParam = dialect.param(1);
  const sql = `
    SELECT rule_id, holdout,
           CAST(COUNT(*) AS INTEGER) AS shoppers,
           CAST(SUM(CASE WHEN orders > 0 THEN 1 ELSE 0 END) AS INTEGER) AS repeaters,
           CAST(SUM(net) AS TEXT) AS net,
           SUM((net - mean) * (net - mean)) AS squares
    FROM (
      SELECT rule_id, holdout, orders, net, AVG(CAST(net AS DOUBLE PRECISION)) OVER (PARTITION BY rule_id, holdout) AS mean
      FROM (
        SELECT f.rule_id, f.holdout, f.customer, COUNT(o."id") AS orders, CAST(COALESCE(SUM(o."netMinor"), 0) AS BIGINT) AS net
        FROM (
          SELECT "ruleId" AS rule_id, "customerGid" AS customer, "holdout" AS holdout, "offeredAt" AS offered_at,
                 ROW_NUMBER() OVER (PARTITION BY "ruleId", "customerGid" ORDER BY "offeredAt", "id") AS nth
          FROM "LoyaltyOffer"
          WHERE "shop" = ${shopParam} AND ${dialect.epochSeconds('"offeredAt"')} <= ${nowSeconds}
        ) f
        LEFT JOIN "Order" o
          ON o."shop" = ${shopParam} AND o."customerGid" = f.customer AND ${countedOrder("o", cutoff)}
          AND ${dialect.epochSeconds('o."processedAt"')} > ${dialect.epochSeconds("f.offered_at")}
        WHERE f.nth = 1
        GROUP BY f.rule_id, f.holdout, f.customer
      ) shoppers
    ) centred
    GROUP BY rule_id, holdout`;
  const rows = await db.$queryRawUnsafe<RawRow[]>(sql, shop);
  const byRule = new Map<string, { treated: GroupOutcomes; control: GroupOutcomes }>();
  for (const row of rows) {
    const group: GroupOutcomes = {
      shoppers: Number(row.shoppers),
      repeaters: Number(row.repeaters),
      netMinor: BigInt(row.net),
      squaredDeviations: Math.max(0, Number(row.squares ?? 0)),
    };
    const entry = byRule.get(row.rule_id) ?? { treated: EMPTY, control: EMPTY };
    if (Number(row.holdout) === 1) entry.control = group;
    else entry.treated = group;
    byRule.set(row.rule_id, entry);
  }
  return [...byRule.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([ruleId, groups]) => ({ ruleId, ...groups }));
}
