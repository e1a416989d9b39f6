/**
 * The early warnings the push raised (LoyaltyAlert), for the alerts page and for Shopify Flow. An alert is keyed by the
 * rescoring that raised it, its kind and what it is about (a shopper or a segment): a push that runs again on the same
 * scores, after a crash or a change of rules, raises nothing twice.
 */
import { db } from "../db.server.ts";
import { pushedStateWrites } from "./loyalty-push.server.ts";

export interface AlertRow {
  readonly kind: string;
  readonly customerGid: string | null;
  readonly segment: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface StoredAlert extends AlertRow {
  readonly id: number;
  readonly raisedAt: Date;
}

const subjectOf = (alert: AlertRow) => alert.customerGid ?? `segment:${alert.segment ?? ""}`;

/**
 * Records the shoppers' scores for the next comparison and the alerts they raised, in one transaction, so that a push
 * cut off between the two neither loses an alert nor raises it again. Returns how many alerts were new.
 */
export async function recordScoresAndAlerts(
  shop: string,
  scoringRunId: number,
  scores: readonly { readonly customerGid: string; readonly pAlive: number | null; readonly overdue: boolean }[],
  alerts: readonly AlertRow[],
  { at, flow }: { readonly at: Date; readonly flow: boolean },
): Promise<number> {
  const existing =
    alerts.length === 0
      ? new Set<string>()
      : new Set(
          (
            await db.loyaltyAlert.findMany({
              where: { shop, scoringRunId, subject: { in: [...new Set(alerts.map(subjectOf))] } },
              select: { kind: true, subject: true },
            })
          ).map((row) => `${row.kind}\n${row.subject}`),
        );
  const fresh = alerts.filter((alert) => !existing.has(`${alert.kind}\n${subjectOf(alert)}`));
  if (scores.length === 0 && fresh.length === 0) return 0;
  await db.$transaction([
    ...pushedStateWrites(shop, scores, at),
    db.loyaltyAlert.createMany({
      data: fresh.map((alert) => ({
        shop,
        kind: alert.kind,
        customerGid: alert.customerGid,
        segment: alert.segment,
        scoringRunId,
        subject: subjectOf(alert),
        detail: JSON.stringify(alert.detail),
        raisedAt: at,
        flowStatus: flow ? "pending" : "off",
      })),
    }),
  ]);
  return fresh.length;
}

/** Each segment's size before and after the rescoring: now, less those who entered it in that run, plus those who left. */
export async function segmentSizesAtRun(shop: string, scoringRunId: number): Promise<{ segment: string; before: number; after: number }[]> {
  const [now, entered, left] = await Promise.all([
    db.customerScore.groupBy({ by: ["segment"], where: { shop }, _count: { _all: true } }),
    db.customerSegmentChange.groupBy({ by: ["newSegment"], where: { shop, scoringRunId }, _count: { _all: true } }),
    db.customerSegmentChange.groupBy({ by: ["oldSegment"], where: { shop, scoringRunId, oldSegment: { not: null } }, _count: { _all: true } }),
  ]);
  const sizes = new Map<string, { before: number; after: number }>();
  const size = (segment: string) => sizes.get(segment) ?? sizes.set(segment, { before: 0, after: 0 }).get(segment)!;
  for (const row of now) {
    size(row.segment).after += row._count._all;
    size(row.segment).before += row._count._all;
  }
  for (const row of entered) size(row.newSegment).before -= row._count._all;
  for (const row of left) size(row.oldSegment!).before += row._count._all;
  return [...sizes].map(([segment, { before, after }]) => ({ segment, before, after }));
}

/** One page of the shop's alerts still to be sent to Flow, oldest first (keyset on the id). */
export async function alertsForFlow(shop: string, afterId: number, limit: number): Promise<StoredAlert[]> {
  const rows = await db.loyaltyAlert.findMany({
    where: { shop, flowStatus: "pending", id: { gt: afterId } },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true, kind: true, customerGid: true, segment: true, detail: true, raisedAt: true },
  });
  return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
}

/** Whether the shop has alerts waiting for Flow. */
export async function hasAlertsForFlow(shop: string): Promise<boolean> {
  return (await db.loyaltyAlert.count({ where: { shop, flowStatus: "pending" }, take: 1 })) > 0;
}

export async function markAlertFlow(id: number, status: "sent" | "failed", at: Date): Promise<void> {
  await db.loyaltyAlert.update({ where: { id }, data: { flowStatus: status, doneAt: at } });
}

/** The shop's alerts raised since `since`, counted by kind. */
export async function alertCountsSince(shop: string, since: Date): Promise<Record<string, number>> {
  const rows = await db.loyaltyAlert.groupBy({ by: ["kind"], where: { shop, raisedAt: { gte: since } }, _count: { _all: true } });
  return Object.fromEntries(rows.map((row) => [row.kind, row._count._all]));
}
