import { db } from "../db.server.ts";

export const BULK_IMPORT_KINDS = ["customers", "orders"] as const;
export type BulkImportKind = (typeof BULK_IMPORT_KINDS)[number];

/** The imports of the shop's current backfill attempt: each attempt creates its imports at its start time. */
const ofAttempt = (shop: string, startedAt: Date | null) => ({ shop, createdAt: { gte: startedAt ?? new Date(0) } });

export async function createBulkImport(shop: string, kind: BulkImportKind, operationId: string, now: Date): Promise<void> {
  await db.bulkImport.create({ data: { shop, kind, operationId, status: "running", createdAt: now, updatedAt: now } });
}

export async function findBulkImport(operationId: string) {
  return db.bulkImport.findUnique({ where: { operationId } });
}

export async function runningBulkImports(updatedBefore: Date) {
  return db.bulkImport.findMany({ where: { status: "running", updatedAt: { lt: updatedBefore } } });
}

/** The operation's file is ready to read: returns whether there is anything to import. */
export async function markBulkImportReady(id: number, url: string | null, rowsTotal: number, now: Date): Promise<boolean> {
  await db.bulkImport.update({
    where: { id },
    data: url ? { status: "importing", url, rowsTotal, updatedAt: now } : { status: "completed", rowsTotal: 0, updatedAt: now, completedAt: now },
  });
  return url !== null;
}

export async function touchBulkImport(id: number, now: Date): Promise<void> {
  await db.bulkImport.update({ where: { id }, data: { updatedAt: now } });
}

export async function findBulkImportById(id: number) {
  return db.bulkImport.findUnique({ where: { id } });
}

/** Imports ready to be read whose progress has not moved since `updatedBefore` (their job was lost, or waits). */
export async function stalledBulkImports(updatedBefore: Date) {
  return db.bulkImport.findMany({ where: { status: "importing", updatedAt: { lt: updatedBefore } }, select: { id: true, shop: true } });
}

/** Records how many lines are applied. */
export async function saveBulkImportProgress(id: number, rowsDone: number, now: Date): Promise<void> {
  await db.bulkImport.update({ where: { id }, data: { rowsDone, updatedAt: now } });
}

export async function finishBulkImport(id: number, rowsDone: number, now: Date): Promise<void> {
  await db.bulkImport.update({
    where: { id },
    data: { status: "completed", rowsDone, updatedAt: now, completedAt: now },
  });
}

export async function failBulkImport(id: number, error: string, now: Date): Promise<void> {
  await db.bulkImport.update({ where: { id }, data: { status: "failed", error, updatedAt: now } });
}

/**
 * A running backfill follows the imports of its attempt: failed when one fails, completed when one
 * import of every kind has. Imports of earlier attempts count for nothing, and a failed or completed
 * backfill stays so (an import that finishes after its sibling could not start must not complete it):
 * only claimBackfillStart moves it on. Returns what this call made of it (null: nothing to settle, or another did).
 */
export async function settleShopBackfill(shop: string, now: Date): Promise<"completed" | "failed" | "running" | null> {
  const found = await db.shop.findUnique({ where: { domain: shop }, select: { backfillStatus: true, backfillStartedAt: true } });
  if (found?.backfillStatus !== "running") return null;
  const imports = await db.bulkImport.findMany({ where: ofAttempt(shop, found.backfillStartedAt), select: { kind: true, status: true, error: true } });
  // Conditional on the attempt, in case a new one started meanwhile.
  const attempt = { domain: shop, backfillStatus: "running", backfillStartedAt: found.backfillStartedAt };
  const failed = imports.find((i) => i.status === "failed");
  if (failed) {
    const { count } = await db.shop.updateMany({ where: attempt, data: { backfillStatus: "failed", backfillError: failed.error } });
    return count === 1 ? "failed" : null;
  }
  if (BULK_IMPORT_KINDS.every((kind) => imports.some((i) => i.kind === kind && i.status === "completed"))) {
    const { count } = await db.shop.updateMany({ where: attempt, data: { backfillStatus: "completed", backfillCompletedAt: now, backfillError: null } });
    return count === 1 ? "completed" : null;
  }
  return "running";
}

/**
 * Claims the start of a backfill (pending or failed -> running) with one conditional update, so
 * that of two processes starting it at once (afterAuth twice, a double-clicked retry) only one
 * asks Shopify for bulk operations. The winner drops the failed and unfinished operations of
 * earlier attempts; their finish webhooks are then ignored.
 */
export async function claimBackfillStart(shop: string, now: Date): Promise<boolean> {
  const { count } = await db.shop.updateMany({
    where: { domain: shop, backfillStatus: { in: ["pending", "failed"] } },
    data: { backfillStatus: "running", backfillStartedAt: now, backfillError: null },
  });
  if (count !== 1) return false;
  await db.bulkImport.deleteMany({ where: { shop, status: { in: ["failed", "running"] } } });
  return true;
}

/**
 * A backfill claimed more than `startedBefore` ago whose bulk operations are not all recorded:
 * the process that claimed it died while asking Shopify for them. Marked failed, so that the
 * merchant's "Retry the import" (or the next install) can claim it again.
 */
export async function failBackfillsThatNeverStarted(startedBefore: Date): Promise<string[]> {
  const stuck = await db.shop.findMany({
    where: { backfillStatus: "running", backfillStartedAt: { lt: startedBefore } },
    select: { domain: true, backfillStartedAt: true },
  });
  const failed: string[] = [];
  for (const shop of stuck) {
    const kinds = await db.bulkImport.findMany({ where: ofAttempt(shop.domain, shop.backfillStartedAt), select: { kind: true } });
    if (BULK_IMPORT_KINDS.every((kind) => kinds.some((i) => i.kind === kind))) continue;
    const { count } = await db.shop.updateMany({
      where: { domain: shop.domain, backfillStatus: "running", backfillStartedAt: shop.backfillStartedAt },
      data: { backfillStatus: "failed", backfillError: "The import did not start: Shopify was not asked for every bulk operation." },
    });
    if (count === 1) failed.push(shop.domain);
  }
  return failed;
}

export async function markBackfillFailed(shop: string, error: string): Promise<void> {
  await db.shop.updateMany({ where: { domain: shop }, data: { backfillStatus: "failed", backfillError: error } });
}

export interface BackfillProgress {
  status: string;
  rowsDone: number;
  rowsTotal: number | null;
  error: string | null;
}

export async function backfillProgress(shop: string): Promise<BackfillProgress | null> {
  const found = await db.shop.findUnique({ where: { domain: shop }, select: { backfillStatus: true, backfillError: true, backfillStartedAt: true } });
  if (!found) return null;
  const imports = await db.bulkImport.findMany({ where: ofAttempt(shop, found.backfillStartedAt), select: { rowsDone: true, rowsTotal: true } });
  const known = imports.every((i) => i.rowsTotal !== null);
  return {
    status: found.backfillStatus,
    rowsDone: imports.reduce((sum, i) => sum + i.rowsDone, 0),
    rowsTotal: known && imports.length > 0 ? imports.reduce((sum, i) => sum + (i.rowsTotal ?? 0), 0) : null,
    error: found.backfillError,
  };
}
