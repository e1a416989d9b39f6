import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { errorMessage, logger } from "../logger.server.ts";
import {
  claimBackfillStart,
  claimBulkImport,
  createBulkImport,
  failBackfillsThatNeverStarted,
  failBulkImport,
  findBulkImport,
  finishBulkImport,
  markBackfillFailed,
  markBulkImportReady,
  runningBulkImports,
  saveBulkImportProgress,
  settleShopBackfill,
  touchBulkImport,
  type BulkImportKind,
} from "../persistence/bulk-imports.server.ts";
import { saveRecordBatch, type RecordBatch } from "../persistence/bulk-records.server.ts";
import { adminGraphql, assertNoUserErrors } from "../shopify/admin-graphql.server.ts";
import { unauthenticated, type AdminClient } from "../shopify.server.ts";
import { SerialTask } from "../utils/serial-task.ts";
import { BulkLineError, recordFromBulkLine, type BulkRecord } from "./bulk-lines.ts";
import { BackfillCustomersBulkQuery } from "./graphql/BackfillCustomersBulkQuery.ts";
import { BackfillOrdersBulkQuery } from "./graphql/BackfillOrdersBulkQuery.ts";
import { BulkOperationQuery, type BulkOperationData } from "./graphql/BulkOperationQuery.ts";
import { BulkOperationRunQueryMutation, type BulkOperationRunQueryData } from "./graphql/BulkOperationRunQueryMutation.ts";

const BULK_QUERIES: Record<BulkImportKind, string> = {
  customers: BackfillCustomersBulkQuery,
  orders: BackfillOrdersBulkQuery,
};

/** Lines applied between two progress saves; an interrupted import repeats at most this many. */
const BATCH_LINES = 500;
const LEASE_MS = 120_000;
const DOWNLOAD_ATTEMPTS = 5;
/** Asking Shopify for the bulk operations takes seconds; a start older than this was cut off. */
const START_TIMEOUT_MS = 10 * 60_000;

/**
 * Starts the backfill of a shop's history: one bulk operation over its customers and one over
 * its orders with their refunds. Shopify answers each with bulk_operations/finish. Does nothing
 * unless the backfill is pending or failed and this process claims its start.
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
  backfillRunner.notify();
}

async function checkOperation(admin: AdminClient, bulkImport: { id: number; shop: string; operationId: string }, now: Date) {
  const { bulkOperation } = await adminGraphql<BulkOperationData>(admin, BulkOperationQuery, { id: bulkImport.operationId });
  if (!bulkOperation) {
    await failBulkImport(bulkImport.id, `Bulk operation ${bulkImport.operationId} not found`, now);
  } else if (bulkOperation.status === "COMPLETED") {
    await markBulkImportReady(bulkImport.id, bulkOperation.url, Number(bulkOperation.objectCount), now);
  } else if (["FAILED", "CANCELED", "EXPIRED"].includes(bulkOperation.status)) {
    await failBulkImport(bulkImport.id, `Bulk operation ${bulkOperation.status.toLowerCase()} (${bulkOperation.errorCode ?? "no error code"})`, now);
  } else {
    await touchBulkImport(bulkImport.id, now);
    return;
  }
  await settleShopBackfill(bulkImport.shop, now);
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
): Promise<number> {
  if (!bulkImport.url) throw new Error("Bulk import has no result URL");
  const response = await fetch(bulkImport.url);
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
      await saveBulkImportProgress(bulkImport.id, lineNumber, now(), LEASE_MS);
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
 * Imports ready bulk results, one at a time per process, and asks Shopify about operations
 * whose finish webhook has not come.
 */
export class BackfillRunner {
  private readonly task = new SerialTask(
    () => this.run(),
    (error) => logger.error("backfill run failed", { error: errorMessage(error) }),
  );

  constructor(private readonly now: () => Date = () => new Date()) {}

  notify(): void {
    this.task.notify();
  }

  drain(): Promise<void> {
    return this.task.drain();
  }

  private async run(): Promise<void> {
    await this.pollStaleOperations();
    for (;;) {
      const bulkImport = await claimBulkImport(this.now(), LEASE_MS);
      if (!bulkImport) return;
      await this.importWithRetries(bulkImport);
      await settleShopBackfill(bulkImport.shop, this.now());
    }
  }

  /**
   * A download cut short (the connection dropped) resumes after the last saved line; a line the
   * app cannot read fails the import at once, naming the line.
   */
  private async importWithRetries(bulkImport: NonNullable<Awaited<ReturnType<typeof claimBulkImport>>>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const rows = await importBulkResult(bulkImport, this.now);
        await finishBulkImport(bulkImport.id, rows, this.now());
        return;
      } catch (error) {
        const log = { shop: bulkImport.shop, operationId: bulkImport.operationId, attempt, error: errorMessage(error) };
        if (error instanceof BulkLineError || attempt >= DOWNLOAD_ATTEMPTS) {
          logger.error("bulk import failed", log);
          await failBulkImport(bulkImport.id, errorMessage(error), this.now());
          return;
        }
        logger.warn("bulk result download interrupted, resuming", log);
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
        bulkImport.rowsDone = (await findBulkImport(bulkImport.operationId))?.rowsDone ?? bulkImport.rowsDone;
      }
    }
  }

  /** A finish webhook can be late or lost; an operation quiet for a minute is checked directly. */
  private async pollStaleOperations(): Promise<void> {
    for (const shop of await failBackfillsThatNeverStarted(new Date(this.now().getTime() - START_TIMEOUT_MS))) {
      logger.warn("backfill start was interrupted; marked failed", { shop });
    }
    const stale = await runningBulkImports(new Date(this.now().getTime() - 60_000));
    for (const bulkImport of stale) {
      try {
        const { admin } = await unauthenticated.admin(bulkImport.shop);
        await checkOperation(admin, bulkImport, this.now());
      } catch (error) {
        logger.warn("bulk operation check failed", { shop: bulkImport.shop, error: errorMessage(error) });
      }
    }
  }
}

export const backfillRunner = new BackfillRunner();
