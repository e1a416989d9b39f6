import { createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { once } from "node:events";
import { join } from "node:path";
import { setImmediate as nextTick } from "node:timers/promises";
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from "graphql";
import type { BulkOperations, BulkPage, BulkUserError, ResolverContext } from "../graphql/context.ts";
import { executeAdmin } from "../graphql/execute.ts";
import { fragmentMap, type SelectionContext } from "../graphql/selection.ts";
import type { ShopStore } from "../store/shop.ts";
import { bulkOperationFinishPayload } from "../webhooks/payloads.ts";
import { bulkLines, type JsonObject } from "./flatten.ts";
import { isBulkOperationActive, MAX_CONCURRENT_BULK_QUERIES, type BulkOperationErrorCode, type BulkOperationRecord } from "./operation.ts";
import { checkBulkQuery } from "./validate-bulk-query.ts";

export interface BulkRunnerOptions {
  schema: GraphQLSchema;
  /** Directory for the JSONL results. */
  directory: string;
  /** Public URL of a result file. */
  fileUrl: (legacyId: number) => string;
  contextFor: (shop: ShopStore, scopes: readonly string[], bulk: BulkPage) => ResolverContext;
  /** Registers a run as outstanding work until it has fired `bulk_operations/finish`. */
  track: (work: Promise<unknown>) => void;
  /** Root objects per execution page. */
  pageSize?: number;
}

/**
 * Runs bulk query operations: CREATED when `bulkOperationRunQuery` returns, RUNNING while the query executes
 * page by page with its results streamed to a JSONL file, then COMPLETED (or FAILED / CANCELED), followed by the
 * `bulk_operations/finish` webhook.
 */
export class BulkRunner implements BulkOperations {
  private readonly byLegacyId = new Map<number, BulkOperationRecord>();
  private readonly runs = new Set<Promise<void>>();

  private readonly options: BulkRunnerOptions;

  constructor(options: BulkRunnerOptions) {
    this.options = options;
  }

  start(shop: ShopStore, query: string, groupObjects: boolean, scopes: readonly string[]) {
    const check = checkBulkQuery(this.options.schema, query);
    if (!check.ok) return { operation: null, userErrors: check.errors };
    const active = shop.bulkOperationList.filter((op) => op.type === "QUERY" && isBulkOperationActive(op));
    if (active.length >= MAX_CONCURRENT_BULK_QUERIES) {
      const latest = active[active.length - 1] as BulkOperationRecord;
      const error: BulkUserError = {
        field: null,
        message: `A bulk query operation for this app and shop is already in progress: ${latest.gid}.`,
        code: "OPERATION_IN_PROGRESS",
      };
      return { operation: null, userErrors: [error] };
    }
    const { legacyId, gid } = shop.nextId("BulkOperation");
    const operation: BulkOperationRecord = {
      gid,
      legacyId,
      type: "QUERY",
      status: "CREATED",
      errorCode: null,
      objectCount: 0,
      rootObjectCount: 0,
      fileSize: null,
      url: null,
      partialDataUrl: null,
      query,
      groupObjects,
      createdAt: shop.now(),
      completedAt: null,
      filePath: null,
      failureMessage: null,
      scopes: [...scopes],
      clientIdentifier: null,
    };
    shop.bulkOperationList.push(operation);
    this.byLegacyId.set(legacyId, operation);
    const run = this.run(shop, operation, check.document, check.operation);
    this.runs.add(run);
    void run.finally(() => this.runs.delete(run));
    this.options.track(run);
    return { operation, userErrors: [] };
  }

  cancel(shop: ShopStore, operationGid: string) {
    const operation = shop.bulkOperationList.find((op) => op.gid === operationGid) ?? null;
    if (!operation) return { operation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist", code: null }] };
    if (!isBulkOperationActive(operation)) {
      const message = `A bulk operation cannot be canceled when it is ${operation.status.toLowerCase()}`;
      return { operation, userErrors: [{ field: null, message, code: null }] };
    }
    operation.status = "CANCELING";
    return { operation, userErrors: [] };
  }

  /** The result file of a completed operation, by its numeric id. */
  resultFile(legacyId: number): string | null {
    const operation = this.byLegacyId.get(legacyId);
    return operation && (operation.url || operation.partialDataUrl) ? operation.filePath : null;
  }

  async close(): Promise<void> {
    for (const operation of this.byLegacyId.values()) if (isBulkOperationActive(operation)) operation.status = "CANCELING";
    await Promise.allSettled([...this.runs]);
  }

  private async run(shop: ShopStore, operation: BulkOperationRecord, document: DocumentNode, definition: OperationDefinitionNode): Promise<void> {
    await nextTick();
    const filePath = join(this.options.directory, `${operation.legacyId}.jsonl`);
    operation.filePath = filePath;
    const pageSize = this.options.pageSize ?? 250;
    const selection: SelectionContext = { schema: this.options.schema, fragments: fragmentMap(document.definitions), variables: {} };
    const state: BulkPage["state"] = { rootItems: null };
    const stream = createWriteStream(filePath);
    let failure: { code: BulkOperationErrorCode; message: string } | null = null;
    if (operation.status === "CREATED") operation.status = "RUNNING";
    try {
      for (let offset = 0; operation.status === "RUNNING"; offset += pageSize) {
        const ctx = this.options.contextFor(shop, operation.scopes, { offset, limit: pageSize, state });
        const result = await executeAdmin(this.options.schema, document, undefined, {}, ctx);
        if (result.errors?.length) {
          const denied = result.errors.some((e) => e.extensions?.code === "ACCESS_DENIED");
          failure = { code: denied ? "ACCESS_DENIED" : "INTERNAL_SERVER_ERROR", message: result.errors.map((e) => e.message).join("; ") };
          break;
        }
        const { lines, roots } = bulkLines(selection, definition, (result.data ?? {}) as JsonObject, operation.groupObjects);
        for (const line of lines) {
          if (!stream.write(`${JSON.stringify(line)}\n`)) await once(stream, "drain");
        }
        operation.objectCount += lines.length;
        operation.rootObjectCount += roots;
        if (offset + pageSize >= (state.rootItems?.length ?? 0)) break;
        await nextTick();
      }
    } catch (error) {
      failure = { code: "INTERNAL_SERVER_ERROR", message: error instanceof Error ? error.message : String(error) };
    } finally {
      stream.end();
      await once(stream, "close");
    }

    const size = (await stat(filePath)).size;
    const hasData = operation.objectCount > 0;
    operation.completedAt = shop.now();
    if (operation.status === "CANCELING") {
      operation.status = "CANCELED";
      operation.partialDataUrl = hasData ? this.options.fileUrl(operation.legacyId) : null;
    } else if (failure) {
      operation.status = "FAILED";
      operation.errorCode = failure.code;
      operation.failureMessage = failure.message;
      operation.partialDataUrl = hasData ? this.options.fileUrl(operation.legacyId) : null;
    } else {
      operation.status = "COMPLETED";
      operation.url = hasData ? this.options.fileUrl(operation.legacyId) : null;
      operation.fileSize = hasData ? size : null;
    }
    shop.emit("bulk_operations/finish", () => bulkOperationFinishPayload(shop.profile, operation));
  }
}
