import { db } from "../db.server.ts";

export type BulkImportKind = "customers" | "orders";

export async function createBulkImport(shop: string, kind: BulkImportKind, operationId: string, now: Date): Promise<void> {
  await db.bulkImport.create({ data: { shop, kind, operationId, status: "running", createdAt: now, updatedAt: now } });
}

export async function findBulkImport(operationId: string) {
  return db.bulkImport.findUnique({ where: { operationId } });
}

export async function runningBulkImports(updatedBefore: Date) {
  return db.bulkImport.findMany({ where: { status: "running", updatedAt: { lt: updatedBefore } } });
}

export async function markBulkImportReady(id: number, url: string | null, rowsTotal: number, now: Date): Promise<void> {
  await db.bulkImport.update({
    where: { id },
    data: url ? { status: "importing", url, rowsTotal, updatedAt: now } : { status: "completed", rowsTotal: 0, updatedAt: now, completedAt: now },
  });
}

export async function touchBulkImport(id: number, now: Date): Promise<void> {
  await db.bulkImport.update({ where: { id }, data: { updatedAt: now } });
}

/** Claims one import that is ready and not leased by another process. */
export async function claimBulkImport(now: Date, leaseMs: number) {
  const candidate = await db.bulkImport.findFirst({
    where: { status: "importing", OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    orderBy: { id: "asc" },
  });
  if (!candidate) return null;
  const { count } = await db.bulkImport.updateMany({
    where: { id: candidate.id, status: "importing", lockedUntil: candidate.lockedUntil },
    data: { lockedUntil: new Date(now.getTime() + leaseMs) },
  });
  return count === 1 ? candidate : null;
}

/** Records how many lines are applied and extends the lease. */
export async function saveBulkImportProgress(id: number, rowsDone: number, now: Date, leaseMs: number): Promise<void> {
  await db.bulkImport.update({
    where: { id },
    data: { rowsDone, updatedAt: now, lockedUntil: new Date(now.getTime() + leaseMs) },
  });
}

export async function finishBulkImport(id: number, rowsDone: number, now: Date): Promise<void> {
  await db.bulkImport.update({
    where: { id },
    data: { status: "completed", rowsDone, lockedUntil: null, updatedAt: now, completedAt: now },
  });
}

export async function failBulkImport(id: number, error: string, now: Date): Promise<void> {
  await db.bulkImport.update({ where: { id }, data: { status: "failed", error, lockedUntil: null, updatedAt: now } });
}

/** The shop's backfill follows its imports: completed when all are, failed when one is. */
export async function settleShopBackfill(shop: string, now: Date): Promise<void> {
  const imports = await db.bulkImport.findMany({ where: { shop }, select: { status: true, error: true } });
  if (imports.length === 0) return;
  const failed = imports.find((i) => i.status === "failed");
  if (failed) {
    await db.shop.updateMany({ where: { domain: shop }, data: { backfillStatus: "failed", backfillError: failed.error } });
  } else if (imports.every((i) => i.status === "completed")) {
    await db.shop.updateMany({
      where: { domain: shop, backfillStatus: { not: "completed" } },
      data: { backfillStatus: "completed", backfillCompletedAt: now, backfillError: null },
    });
  }
}

export async function markBackfillStarted(shop: string, now: Date): Promise<void> {
  await db.bulkImport.deleteMany({ where: { shop, status: { in: ["failed", "running"] } } });
  await db.shop.update({ where: { domain: shop }, data: { backfillStatus: "running", backfillStartedAt: now, backfillError: null } });
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
  const found = await db.shop.findUnique({ where: { domain: shop }, select: { backfillStatus: true, backfillError: true } });
  if (!found) return null;
  const imports = await db.bulkImport.findMany({ where: { shop }, select: { rowsDone: true, rowsTotal: true } });
  const known = imports.every((i) => i.rowsTotal !== null);
  return {
    status: found.backfillStatus,
    rowsDone: imports.reduce((sum, i) => sum + i.rowsDone, 0),
    rowsTotal: known && imports.length > 0 ? imports.reduce((sum, i) => sum + (i.rowsTotal ?? 0), 0) : null,
    error: found.backfillError,
  };
}
