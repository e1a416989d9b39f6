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

/**
 * Rows written by one statement at most: a burst of thousands in one turn of the event loop would pass the
 * database's limit of parameters per statement (each row binds a dozen) and fail every delivery of the burst.
 */
const MAX_GROUP_COMMIT = 500;

const waiting: Waiting[] = [];
let flushScheduled = false;

/**
 * Group commit: deliveries that arrive together are written in one transaction, so intake keeps
 * up with Shopify's bursts. Each caller's promise settles only when its row is committed, so a
 * 200 still means the delivery is on disk.
 */
async function flush(): Promise<void> {
  while (waiting.length > 0) {
    const batch = waiting.splice(0, MAX_GROUP_COMMIT);
    try {
      const results = batch.length === 1 ? [await insertOne(batch[0]!.row)] : await insertBatch(batch.map((w) => w.row));
      for (const [i, w] of batch.entries()) w.resolve(results[i] ?? false);
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

export interface StoredDelivery {
  id: number;
  shop: string;
  topic: string;
  payload: string;
  attempts: number;
  triggeredAt: Date | null;
  receivedAt: Date;
}

/**
 * The shop's deliveries still to apply, oldest first, after `afterId`. Only the shop's apply-webhooks job reads them
 * (it is keyed by the shop), so no claim is needed.
 */
export async function pendingDeliveries(shop: string, afterId: number, limit: number): Promise<StoredDelivery[]> {
  return db.webhookEvent.findMany({
    where: { shop, status: "pending", id: { gt: afterId } },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true, shop: true, topic: true, payload: true, attempts: true, triggeredAt: true, receivedAt: true },
  });
}

/** Marks deliveries applied, in one statement. */
export async function markDeliveriesApplied(ids: readonly number[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.webhookEvent.updateMany({
    where: { id: { in: [...ids] }, status: "pending" },
    data: { status: "done", processedAt: now, lastError: null, attempts: { increment: 1 } },
  });
}

/** A try that failed: counted, with its error; `terminal` marks the delivery failed for good. */
export async function markDeliveryTried(id: number, error: string, terminal: boolean): Promise<void> {
  await db.webhookEvent.updateMany({
    where: { id, status: "pending" },
    data: { lastError: error, attempts: { increment: 1 }, ...(terminal ? { status: "failed" } : {}) },
  });
}

/** Shops with deliveries received before `receivedBefore` and still pending (their job was lost or is behind). */
export async function shopsWithPendingDeliveries(receivedBefore: Date, limit: number): Promise<string[]> {
  const rows = await db.webhookEvent.findMany({
    where: { status: "pending", receivedAt: { lt: receivedBefore } },
    distinct: ["shop"],
    select: { shop: true },
    take: limit,
  });
  return rows.map((row) => row.shop);
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
