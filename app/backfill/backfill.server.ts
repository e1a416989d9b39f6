import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { errorMessage, logger } from "../logger.server.ts";
import { jobs } from "../jobs/queue.server.ts";
import type { JobContext } from "../jobs/types.ts";
import {
  claimBackfillStart,
  createBulkImport,
  failBackfillsThatNeverStarted,
  failBulkImport,
  findBulkImport,
  findBulkImportById,
  finishBulkImport,
  markBackfillFailed,
  markBulkImportReady,
  runningBulkImports,
  saveBulkImportProgress,
  settleShopBackfill,
  stalledBulkImports,
  touchBulkImport,
  type BulkImportKind,
} from "../persistence/bulk-imports.server.ts";
import { saveRecordBatch, type RecordBatch } from "../persistence/bulk-records.server.ts";
import { adminGraphql, assertNoUserErrors } from "../shopify/admin-graphql.server.ts";
import { unauthenticated, type AdminClient } from "../shopify.server.ts";
import { classifyFailure } from "../shopify/errors.ts";
import { recordFromBulkLine, type BulkRecord } from "./bulk-lines.ts";
import { BackfillCustomersBulkQuery } from "./graphql/BackfillCustomersBulkQuery.ts";
import { BackfillOrdersBulkQuery } from "./graphql/BackfillOrdersBulkQuery.ts";
import { BulkOperationQuery, type BulkOperationData } from "./graphql/BulkOperationQuery.ts";
import { BulkOperationRunQueryMutation, type BulkOperationRunQueryData } from "./graphql/BulkOperationRunQueryMutation.ts";
import { importBulkResultJob, rescoreShopJob } from "../jobs/catalog.ts";

const BULK_QUERIES: Record<BulkImportKind, string> = {
  customers: BackfillCustomersBulkQuery,
  orders: BackfillOrdersBulkQuery,
};

/** Lines applied between two progress saves; an interrupted import repeats at most this many. */
const BATCH_LINES = 500;
/** An operation whose finish webhook has not come this long after its last news is asked about. */
const QUIET_OPERATION_MS = 60_000;
/** An import whose progress has not moved this long gets its job queued again (a no-op while it runs). */
const STALLED_IMPORT_MS = 5 * 60_000;
/** Asking Shopify for the bulk operations takes seconds; a start older than this was cut off. */
const START_TIMEOUT_MS = 10 * 60_000;

/**
 * Starts the backfill of a shop's history: one bulk operation over its customers and one over
 * its orders with their refunds. Shopify answers each with bulk_operations/finish. Does nothing
 * unless the backfill is pending or failed and this process claims its start. A failure marks the
 * backfill failed (the merchant sees why) and is thrown for the job to decide about.
 */
export async function startBackfill(shop: string, admin: AdminClient, now: Date): Promise<void> {
  if (!(await claimBackfillStart(shop, now))) return;
  try {
    for (const kind of Object.keys(BULK_QUERIES) as BulkImportKind[]) {
      const data = await adminGraphql<BulkOperationRunQueryData>(admin, BulkOperationRunQueryMutation, {
        query: stripGraphqlTag(BULK_QUERIES[kind]),
      });
      assertNoUserErrors("BulkOperationRunQuery", data.bulkOperationRunQuery.userErrors);
      const operation = data.bulkOperationRunQuery.bulkOperation;
      if (!operation) throw new Error("BulkOperationRunQuery returned no bulk operation");
      await createBulkImport(shop, kind, operation.id, now);
    }
  } catch (error) {
    logger.error("backfill could not start", { shop, error: errorMessage(error) });
    await markBackfillFailed(shop, errorMessage(error));
    throw error;
  }
}

function stripGraphqlTag(document: string): string {
  return document.replace(/^\s*#graphql\s*/, "");
}

/** bulk_operations/finish: looks the operation up and, when it completed, queues its import. */
export async function onBulkOperationFinished(shop: string, operationId: string, now = new Date()): Promise<void> {
  const bulkImport = await findBulkImport(operationId);
  if (!bulkImport || bulkImport.shop !== shop || bulkImport.status !== "running") return;
  const { admin } = await unauthenticated.admin(shop);
  await checkOperation(admin, bulkImport, now);
}

async function checkOperation(admin: AdminClient, bulkImport: { id: number; shop: string; operationId: string }, now: Date) {
  const { bulkOperation } = await adminGraphql<BulkOperationData>(admin, BulkOperationQuery, { id: bulkImport.operationId });
  if (!bulkOperation) {
    await failBulkImport(bulkImport.id, `Bulk operation ${bulkImport.operationId} not found`, now);
  } else if (bulkOperation.status === "COMPLETED") {
    if (await markBulkImportReady(bulkImport.id, bulkOperation.url, Number(bulkOperation.objectCount), now)) {
      await jobs.send(importBulkResultJob, { shop: bulkImport.shop, bulkImportId: bulkImport.id });
      return;
    }
  } else if (["FAILED", "CANCELED", "EXPIRED"].includes(bulkOperation.status)) {
    await failBulkImport(bulkImport.id, `Bulk operation ${bulkOperation.status.toLowerCase()} (${bulkOperation.errorCode ?? "no error code"})`, now);
  } else {
    await touchBulkImport(bulkImport.id, now);
    return;
  }
  await settleAndScore(bulkImport.shop, now);
}

/** Settles the shop's backfill; a backfill that is now complete has the shop rescored at once, not at the next planning pass. */
async function settleAndScore(shop: string, now: Date): Promise<void> {
  if ((await settleShopBackfill(shop, now)) === "completed") {
    await jobs.send(rescoreShopJob, { shop }, { startAfter: now, reschedule: true });
  }
}

/**
 * Streams one bulk result into the tables, line by line, never holding the file in memory.
 * Progress is saved every BATCH_LINES lines; a resumed import skips the lines already applied.
 * Upserts are monotonic and keyed by GID, so webhooks that arrive meanwhile are neither lost
 * nor counted twice.
 */
export async function importBulkResult(
  bulkImport: { id: number; shop: string; url: string | null; rowsDone: number },
  now: () => Date,
  signal?: AbortSignal,
): Promise<number> {
  if (!bulkImport.url) throw new Error("Bulk import has no result URL");
  const response = await fetch(bulkImport.url, signal ? { signal } : {});
  if (!response.ok || !response.body) throw new Error(`Bulk result download failed: HTTP ${response.status}`);
  const lines = createInterface({ input: Readable.from(chunksOf(response.body)), crlfDelay: Infinity });
  let lineNumber = 0;
  let batch = emptyBatch();
  for await (const line of lines) {
    lineNumber++;
    if (lineNumber <= bulkImport.rowsDone || line.trim() === "") continue;
    addToBatch(batch, recordFromBulkLine(line, lineNumber));
    if (lineNumber % BATCH_LINES === 0) {
      await saveRecordBatch(bulkImport.shop, batch);
      batch = emptyBatch();
      await saveBulkImportProgress(bulkImport.id, lineNumber, now());
    }
  }
  await saveRecordBatch(bulkImport.shop, batch);
  return lineNumber;
}

function emptyBatch(): RecordBatch {
  return { orders: [], refunds: [], customers: [] };
}

function addToBatch(batch: RecordBatch, record: BulkRecord): void {
  switch (record.kind) {
    case "order":
      batch.orders.push(record.order);
      batch.refunds.push(...record.refunds);
      return;
    case "refund":
      batch.refunds.push(record.refund);
      return;
    case "customer":
      batch.customers.push(record.customer);
      return;
  }
}

/** The chunks of a web stream, whichever fetch implementation made it (Remix may install its own). */
async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * The import-bulk-result job. A download cut short (the connection dropped) is retried by the job and resumes after
 * the last saved line; a line the app cannot read fails the import at once, naming the line (BulkLineError is
 * terminal). When the job gives up, the import and the shop's backfill are marked failed, so the merchant sees why.
 */
export async function importBulk(
  { bulkImportId }: { shop: string; bulkImportId: number },
  { now, signal, lastAttempt }: Pick<JobContext, "now" | "signal" | "lastAttempt">,
): Promise<void> {
  const bulkImport = await findBulkImportById(bulkImportId);
  if (!bulkImport || bulkImport.status !== "importing") return;
  try {
    const rows = await importBulkResult(bulkImport, now, signal);
    await finishBulkImport(bulkImport.id, rows, now());
  } catch (error) {
    if (classifyFailure(error).kind === "terminal" || lastAttempt) {
      logger.error("bulk import failed", { shop: bulkImport.shop, operationId: bulkImport.operationId, error: errorMessage(error) });
      await failBulkImport(bulkImport.id, errorMessage(error), now());
      await settleShopBackfill(bulkImport.shop, now());
    }
    throw error;
  }
  await settleAndScore(bulkImport.shop, now());
}

/**
 * The check-bulk-operations job: a finish webhook can be late or lost, so an operation quiet for a minute is asked
 * about directly; an import whose job was lost gets one again; a start cut off midway is marked failed.
 */
export async function checkBulkOperations(_data: unknown, { now }: Pick<JobContext, "now">): Promise<void> {
  const at = now();
  for (const shop of await failBackfillsThatNeverStarted(new Date(at.getTime() - START_TIMEOUT_MS))) {
    logger.warn("backfill start was interrupted; marked failed", { shop });
  }
  for (const bulkImport of await runningBulkImports(new Date(at.getTime() - QUIET_OPERATION_MS))) {
    try {
      const { admin } = await unauthenticated.admin(bulkImport.shop);
      await checkOperation(admin, bulkImport, at);
    } catch (error) {
      logger.warn("bulk operation check failed", { shop: bulkImport.shop, error: errorMessage(error) });
    }
  }
  for (const stalled of await stalledBulkImports(new Date(at.getTime() - STALLED_IMPORT_MS))) {
    await jobs.send(importBulkResultJob, { shop: stalled.shop, bulkImportId: stalled.id });
  }
}
