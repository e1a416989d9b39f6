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

type WebhookRow = Omit<IncomingWebhook, "rejection"> & { receivedAt: Date; status?: string; lastError?: string };

function toRow(webhook: IncomingWebhook, now: Date): WebhookRow {
  const { rejection, ...fields } = webhook;
  return rejection ? { ...fields, receivedAt: now, status: "failed", lastError: rejection } : { ...fields, receivedAt: now };
}

/** Stores one delivery once per (shop, webhook id). Returns false for a duplicate delivery. */
async function insertOne(row: WebhookRow): Promise<boolean> {
  try {
    await db.webhookEvent.create({ data: row });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/**
 * Stores a batch of deliveries with one lookup and one multi-row insert; says for each whether
 * it was new. Duplicates inside the batch or already stored are skipped. If another process
 * stores one of them meanwhile, the unique index refuses the batch and each row is retried alone.
 */
async function insertBatch(rows: readonly WebhookRow[]): Promise<boolean[]> {
  const key = (row: { shop: string; webhookId: string }) => `${row.shop}\n${row.webhookId}`;
  const stored = await db.webhookEvent.findMany({
    where: { OR: [...groupBy(rows, (r) => r.shop)].map(([shop, ofShop]) => ({ shop, webhookId: { in: ofShop.map((r) => r.webhookId) } })) },
    select: { shop: true, webhookId: true },
  });
  const seen = new Set(stored.map(key));
  const isNew = rows.map((row) => {
    if (seen.has(key(row))) return false;
    seen.add(key(row));
    return true;
  });
  const fresh = rows.filter((_, i) => isNew[i]);
  if (fresh.length === 0) return isNew;
  try {
    await db.webhookEvent.createMany({ data: fresh });
    return isNew;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return Promise.all(rows.map((row, i) => (isNew[i] ? insertOne(row) : false)));
  }
}

function groupBy<T>(items: readonly T[], by: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(by(item), [...(groups.get(by(item)) ?? []), item]);
  return groups;
}

interface Waiting {
  row: WebhookRow;
  resolve: (isNew: boolean) => void;
  reject: (error: unknown) => void;
}

let waiting: Waiting[] = [];
let flushScheduled = false;

/**
 * Group commit: deliveries that arrive together are written in one transaction, so intake keeps
 * up with Shopify's bursts. Each caller's promise settles only when its row is committed, so a
 * 200 still means the delivery is on disk.
 */
async function flush(): Promise<void> {
  while (waiting.length > 0) {
    const batch = waiting;
    waiting = [];
    try {
      const results = batch.length === 1 ? [await insertOne(batch[0]!.row)] : await insertBatch(batch.map((w) => w.row));
      batch.forEach((w, i) => w.resolve(results[i] ?? false));
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
}

function scheduleFlush(): void {
  if (flushScheduled) return;
  flushScheduled = true;
  setImmediate(() => {
    void flush().finally(() => {
      flushScheduled = false;
      if (waiting.length > 0) scheduleFlush();
    });
  });
}

/** Stores a delivery once per (shop, webhook id). Returns false for a duplicate delivery. */
export function storeWebhook(webhook: IncomingWebhook, now: Date): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    waiting.push({ row: toRow(webhook, now), resolve, reject });
    scheduleFlush();
  });
}

export interface ClaimedWebhook {
  id: number;
  shop: string;
  topic: string;
  payload: string;
  attempts: number;
  triggeredAt: Date | null;
  receivedAt: Date;
  /** The claim's lease; completing the delivery is conditional on still holding it. */
  leaseUntil: Date;
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
      claimed.push({ ...rest, attempts: candidate.attempts + 1, leaseUntil: lockedUntil });
    }
  }
  return claimed;
}

type Claim = Pick<ClaimedWebhook, "id" | "leaseUntil">;

/**
 * Marks a claimed delivery applied. A process whose lease ran out (another took the delivery
 * over) changes nothing; applying is idempotent, so the other's work stands.
 */
export async function markWebhookDone(claim: Claim, now: Date): Promise<void> {
  await db.webhookEvent.updateMany({
    where: { id: claim.id, lockedUntil: claim.leaseUntil },
    data: { status: "done", processedAt: now, lockedUntil: null, lastError: null },
  });
}

/** Leaves the delivery pending until `retryAt`, or marks it failed for good. */
export async function markWebhookFailed(claim: Claim, error: string, retryAt: Date | null): Promise<void> {
  await db.webhookEvent.updateMany({
    where: { id: claim.id, lockedUntil: claim.leaseUntil },
    data: retryAt ? { lastError: error, lockedUntil: retryAt } : { status: "failed", lastError: error, lockedUntil: null },
  });
}

/**
 * Deletes deliveries applied before `before`: their effect is in the tables. Failed ones stay
 * for inspection (and go with a redaction like any other).
 */
export async function purgeAppliedWebhooks(before: Date): Promise<number> {
  const { count } = await db.webhookEvent.deleteMany({ where: { status: "done", processedAt: { lt: before } } });
  return count;
}

export async function countWebhooksByStatus(shop?: string): Promise<Record<string, number>> {
  const rows = await db.webhookEvent.groupBy({ by: ["status"], where: shop ? { shop } : {}, _count: { _all: true } });
  return Object.fromEntries(rows.map((row) => [row.status, row._count._all]));
}
