import { db, isUniqueViolation } from "../db.server.ts";

export interface IncomingWebhook {
  shop: string;
  webhookId: string;
  topic: string;
  eventId: string | null;
  triggeredAt: Date | null;
  apiVersion: string | null;
  payload: string;
  /** A payload that failed validation is kept, marked failed with the reason. */
  rejection?: string;
}

/** Stores a delivery once per (shop, webhook id). Returns false for a duplicate delivery. */
export async function storeWebhook(webhook: IncomingWebhook, now: Date): Promise<boolean> {
  const { rejection, ...fields } = webhook;
  try {
    await db.webhookEvent.create({
      data: rejection ? { ...fields, receivedAt: now, status: "failed", lastError: rejection } : { ...fields, receivedAt: now },
    });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export interface ClaimedWebhook {
  id: number;
  shop: string;
  topic: string;
  payload: string;
  attempts: number;
  triggeredAt: Date | null;
  receivedAt: Date;
}

/**
 * Claims up to `limit` pending deliveries, oldest first, for `leaseMs`. A claim is a conditional
 * update, so two processes never apply the same delivery at once; a lease that runs out (a
 * process died) makes the delivery claimable again.
 */
export async function claimPendingWebhooks(limit: number, now: Date, leaseMs: number): Promise<ClaimedWebhook[]> {
  const candidates = await db.webhookEvent.findMany({
    where: { status: "pending", OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true, shop: true, topic: true, payload: true, attempts: true, triggeredAt: true, receivedAt: true, lockedUntil: true },
  });
  const claimed: ClaimedWebhook[] = [];
  const lockedUntil = new Date(now.getTime() + leaseMs);
  for (const candidate of candidates) {
    const { count } = await db.webhookEvent.updateMany({
      where: { id: candidate.id, status: "pending", lockedUntil: candidate.lockedUntil },
      data: { lockedUntil, attempts: { increment: 1 } },
    });
    if (count === 1) {
      const { lockedUntil: _previous, ...rest } = candidate;
      claimed.push({ ...rest, attempts: candidate.attempts + 1 });
    }
  }
  return claimed;
}

export async function markWebhookDone(id: number, now: Date): Promise<void> {
  await db.webhookEvent.updateMany({ where: { id }, data: { status: "done", processedAt: now, lockedUntil: null, lastError: null } });
}

/** Leaves the delivery pending until `retryAt`, or marks it failed for good. */
export async function markWebhookFailed(id: number, error: string, retryAt: Date | null): Promise<void> {
  await db.webhookEvent.updateMany({
    where: { id },
    data: retryAt ? { lastError: error, lockedUntil: retryAt } : { status: "failed", lastError: error, lockedUntil: null },
  });
}

export async function countWebhooksByStatus(shop?: string): Promise<Record<string, number>> {
  const rows = await db.webhookEvent.groupBy({ by: ["status"], where: shop ? { shop } : {}, _count: { _all: true } });
  return Object.fromEntries(rows.map((row) => [row.status, row._count._all]));
}
