import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setImmediate as nextTick } from "node:timers/promises";
import { getOperationAST, getVariableValues, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import type { BulkMutations, BulkMutationUserError, ResolverContext } from "../graphql/context.ts";
import { executionError, parseError, validationError, variableError, type ShopifyError } from "../graphql/errors.ts";
import { executeAdmin } from "../graphql/execute.ts";
import { oversizedInputErrors } from "../graphql/input-size.ts";
import type { ShopStore } from "../store/shop.ts";
import { bulkOperationFinishPayload } from "../webhooks/payloads.ts";
import { isBulkOperationActive, MAX_CONCURRENT_BULK_MUTATIONS, type BulkOperationRecord } from "./operation.ts";
import type { StagedUploads } from "./staged-uploads.ts";

export interface BulkMutationRunnerOptions {
  schema: GraphQLSchema;
  /** Directory for the JSONL results. */
  directory: string;
  /** Public URL of a result file. */
  fileUrl: (legacyId: number) => string;
  uploads: StagedUploads;
  /** A fresh resolver context per line, with the scopes of the token that started the operation. */
  contextFor: (shop: ShopStore, scopes: readonly string[]) => ResolverContext;
  /** Registers a run as outstanding work until it has fired `bulk_operations/finish`. */
  track: (work: Promise<unknown>) => void;
}

/** The bulk machinery itself; every other mutation may run in bulk since 2026-01 ("Faster bulk operations"). */
const NOT_IN_BULK = new Set(["bulkOperationRunMutation", "bulkOperationRunQuery", "bulkOperationCancel", "stagedUploadsCreate"]);
const LINES_PER_TICK = 100;

type JsonLine = Record<string, unknown>;

/**
 * Bulk mutation operations. `bulkOperationRunMutation` checks the document (one operation with one mutation
 * field), the staged upload and the shop's running mutation operations (five at most), then the operation runs
 * the mutation once per JSONL line, each line being its variables, through the same resolvers as single calls
 * (same scopes and validation) but outside the rate-limit bucket, as Shopify does. The result file has one line
 * per input line, `{"data": {...}, "__lineNumber": n}` (n from 0), with `errors` beside `data` for a line that
 * failed. A line that is not a JSON object stops the operation as FAILED (INTERNAL_SERVER_ERROR) with the lines
 * before it as partial data; so does the scripted fault `SimShop.failNextBulkMutation({ afterLines })`.
 */
export class BulkMutationRunner implements BulkMutations {
  private readonly byLegacyId = new Map<number, BulkOperationRecord>();
  private readonly runs = new Set<Promise<void>>();

  private readonly options: BulkMutationRunnerOptions;

  constructor(options: BulkMutationRunnerOptions) {
    this.options = options;
  }

  start(shop: ShopStore, request: { mutation: string; stagedUploadPath: string; clientIdentifier: string | null }, scopes: readonly string[]) {
    const refuse = (code: BulkMutationUserError["code"], message: string, field: string[] | null) => ({
      operation: null,
      userErrors: [{ field, message, code }],
    });
    const checked = this.checkMutation(request.mutation);
    if ("error" in checked) return refuse("INVALID_MUTATION", checked.error, ["mutation"]);
    const content = this.options.uploads.read(shop.domain, request.stagedUploadPath);
    if (content === null) {
      return refuse(
        "NO_SUCH_FILE",
        "The JSONL file could not be found. Try uploading the file again, and check that you've entered the URL correctly for the stagedUploadPath mutation argument.",
        ["stagedUploadPath"],
      );
    }
    const active = shop.bulkOperationList.filter((op) => op.type === "MUTATION" && isBulkOperationActive(op));
    if (active.length >= MAX_CONCURRENT_BULK_MUTATIONS) {
      const latest = active[active.length - 1] as BulkOperationRecord;
      return refuse("OPERATION_IN_PROGRESS", `A bulk mutation operation for this app and shop is already in progress: ${latest.gid}.`, null);
    }

    const { legacyId, gid } = shop.nextId("BulkOperation");
    const operation: BulkOperationRecord = {
      gid,
      legacyId,
      type: "MUTATION",
      status: "CREATED",
      errorCode: null,
      objectCount: 0,
      rootObjectCount: 0,
      fileSize: null,
      url: null,
      partialDataUrl: null,
      query: request.mutation,
      groupObjects: false,
      createdAt: shop.now(),
      completedAt: null,
      filePath: null,
      failureMessage: null,
      scopes: [...scopes],
      clientIdentifier: request.clientIdentifier,
    };
    shop.bulkOperationList.push(operation);
    this.byLegacyId.set(legacyId, operation);
    const run = this.run(shop, operation, checked.document, checked.operation, content, shop.takeBulkMutationFault());
    this.runs.add(run);
    void run.finally(() => this.runs.delete(run));
    this.options.track(run);
    return { operation, userErrors: [] };
  }

  /** The result file of a finished mutation operation that has one, by its numeric id. */
  resultFile(legacyId: number): string | null {
    const operation = this.byLegacyId.get(legacyId);
    return operation && (operation.url || operation.partialDataUrl) ? operation.filePath : null;
  }

  async close(): Promise<void> {
    for (const operation of this.byLegacyId.values()) if (isBulkOperationActive(operation)) operation.status = "CANCELING";
    await Promise.allSettled([...this.runs]);
  }

  private checkMutation(mutation: string): { document: DocumentNode; operation: OperationDefinitionNode } | { error: string } {
    let document: DocumentNode;
    try {
      document = parse(mutation);
    } catch (error) {
      if (error instanceof GraphQLError) return { error: `Invalid bulk mutation: ${parseError(error, mutation).message}` };
      throw error;
    }
    const invalid = validate(this.options.schema, document);
    if (invalid.length > 0) return { error: `Invalid bulk mutation: ${invalid.map((e) => validationError(e, document).message).join("; ")}` };
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
    const operation = operations.length === 1 ? getOperationAST(document) : null;
    if (operation?.operation !== "mutation") return { error: "Bulk mutations must contain exactly one mutation operation." };
    const [field, ...others] = operation.selectionSet.selections;
    if (!field || others.length > 0 || field.kind !== "Field") return { error: "Bulk mutations must contain exactly one mutation field." };
    if (NOT_IN_BULK.has(field.name.value)) return { error: `The ${field.name.value} mutation can't be run as a bulk mutation.` };
    return { document, operation };
  }

  private async run(
    shop: ShopStore,
    operation: BulkOperationRecord,
    document: DocumentNode,
    definition: OperationDefinitionNode,
    content: string,
    failAfterLines: number | null,
  ): Promise<void> {
    await nextTick();
    if (operation.status === "CREATED") operation.status = "RUNNING";
    const results: string[] = [];
    let failure: string | null = null;
    const lines = content.split("\n").filter((line) => line.trim() !== "");
    for (const [lineNumber, text] of lines.entries()) {
      if (operation.status !== "RUNNING") break;
      if (failAfterLines !== null && lineNumber >= failAfterLines) {
        failure = `The operation stopped after ${lineNumber} lines (SimShop.failNextBulkMutation).`;
        break;
      }
      const variables = jsonObject(text);
      if (!variables) {
        failure = `Line ${lineNumber} of the JSONL file is not a JSON object.`;
        break;
      }
      const answer = await this.runLine(document, definition, variables, this.options.contextFor(shop, operation.scopes));
      results.push(JSON.stringify({ ...answer, __lineNumber: lineNumber }));
      operation.objectCount++;
      operation.rootObjectCount++;
      if (lineNumber % LINES_PER_TICK === LINES_PER_TICK - 1) await nextTick();
    }

    const filePath = join(this.options.directory, `${operation.legacyId}.jsonl`);
    const text = results.map((line) => `${line}\n`).join("");
    await writeFile(filePath, text);
    operation.filePath = filePath;
    operation.completedAt = shop.now();
    const url = results.length > 0 ? this.options.fileUrl(operation.legacyId) : null;
    if (operation.status === "CANCELING") {
      operation.status = "CANCELED";
      operation.partialDataUrl = url;
    } else if (failure) {
      operation.status = "FAILED";
      operation.errorCode = "INTERNAL_SERVER_ERROR";
      operation.failureMessage = failure;
      operation.partialDataUrl = url;
    } else {
      operation.status = "COMPLETED";
      operation.url = url;
      operation.fileSize = url ? Buffer.byteLength(text) : null;
    }
    shop.emit("bulk_operations/finish", () => bulkOperationFinishPayload(shop.profile, operation));
  }

  /** One execution of the mutation, answered as a single request would be: variables coerced, inputs sized, run. */
  private async runLine(document: DocumentNode, definition: OperationDefinitionNode, variables: JsonLine, ctx: ResolverContext): Promise<JsonLine> {
    const { schema } = this.options;
    const coerced = getVariableValues(schema, definition.variableDefinitions ?? [], variables);
    if (coerced.errors) return { errors: coerced.errors.map((e) => variableError(e, definition, variables)) };
    const oversized = oversizedInputErrors(schema, document, definition, coerced.coerced);
    if (oversized.length) return { errors: oversized };
    const result = await executeAdmin(schema, document, undefined, variables, ctx);
    const errors: ShopifyError[] = (result.errors ?? []).map(executionError);
    return errors.length ? { data: result.data ?? null, errors } : { data: result.data ?? null };
  }
}

function jsonObject(text: string): JsonLine | null {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as JsonLine) : null;
  } catch {
    return null;
  }
}
