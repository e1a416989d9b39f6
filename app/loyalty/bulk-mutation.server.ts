/**
 * Bulk mutations (shopify.dev "Bulk import data with the GraphQL Admin API"): the variables of many calls of one
 * mutation are uploaded as JSONL (`stagedUploadsCreate`, resource BULK_MUTATION_VARIABLES), Shopify runs the mutation
 * once per line (`bulkOperationRunMutation`) outside the caller's rate-limit bucket, and the answers come back as a
 * JSONL of results, one per line. A push of thousands of shoppers costs a handful of calls instead of one per shopper.
 *
 * Each operation the app starts is recorded (LoyaltyBulkPush) before it waits for it: a push cut off while Shopify
 * runs one finds it at its next start, waits for it and reads its results before sending anything else, because a
 * shop runs one bulk mutation at a time and the result of a discount creation must not be lost.
 */
import type { AdminClient } from "../shopify.server.ts";
import { BulkOperationQuery, type BulkOperationData } from "../backfill/graphql/BulkOperationQuery.ts";
import { forgetBulkPush, recordBulkPush, unfinishedBulkPushes } from "../persistence/loyalty-push.server.ts";
import { adminGraphql } from "../shopify/admin-graphql.server.ts";
import { TerminalError } from "../shopify/errors.ts";
import { BulkMutationRun, type BulkMutationRunData } from "./graphql/BulkMutationRunMutation.ts";
import { StagedUploadsCreate, type StagedUploadsCreateData } from "./graphql/StagedUploadsCreateMutation.ts";

/** The mutation each line of a bulk push runs. */
export type BulkAction = "tags-add" | "tags-remove" | "metafields-set" | "metafields-delete" | "discount-create";

/** One line's answer: the mutation's `data`, or the errors Shopify gave for that line. */
export interface BulkLineResult {
  readonly line: number;
  readonly data: Record<string, unknown> | null;
  readonly errors: readonly { readonly message: string }[];
}

export interface BulkWaitOptions {
  readonly signal: AbortSignal;
  /** First wait between polls of the operation; the wait doubles up to maxPollMs. */
  readonly pollMs?: number;
  readonly maxPollMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const FINISHED = new Set(["COMPLETED", "FAILED", "CANCELED", "EXPIRED"]);
const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Uploads the variables (one JSON object per line), starts the bulk mutation, records it, and returns its id. */
export async function startBulkMutation(
  admin: AdminClient,
  shop: string,
  { action, mutation, variables, now }: { action: BulkAction; mutation: string; variables: readonly unknown[]; now: Date },
): Promise<string> {
  const staged = await adminGraphql<StagedUploadsCreateData>(admin, StagedUploadsCreate, {
    input: [{ resource: "BULK_MUTATION_VARIABLES", filename: `${action}.jsonl`, mimeType: "text/jsonl", httpMethod: "POST" }],
  });
  const target = staged.stagedUploadsCreate?.stagedTargets?.[0];
  const errors = staged.stagedUploadsCreate?.userErrors ?? [];
  if (!target?.url || errors.length > 0) throw new TerminalError(`StagedUploadsCreate: ${errors.map((e) => e.message).join("; ") || "no target"}`);
  const form = new FormData();
  for (const { name, value } of target.parameters) form.append(name, value);
  const jsonl = `${variables.map((each) => JSON.stringify(each)).join("\n")}\n`;
  form.append("file", new Blob([jsonl], { type: "text/jsonl" }), `${action}.jsonl`);
  const uploaded = await fetch(target.url, { method: "POST", body: form });
  if (!uploaded.ok) throw new Error(`The bulk variables upload answered HTTP ${uploaded.status}`);
  const key = target.parameters.find((p) => p.name === "key")?.value;
  if (!key) throw new TerminalError("StagedUploadsCreate: the target has no key parameter");

  const run = await adminGraphql<BulkMutationRunData>(admin, BulkMutationRun, { mutation, stagedUploadPath: key, clientIdentifier: `${shop}:${action}` });
  const id = run.bulkOperationRunMutation?.bulkOperation?.id;
  const runErrors = run.bulkOperationRunMutation?.userErrors ?? [];
  if (!id) {
    const message = runErrors.map((e) => `${e.code ?? ""} ${e.message}`.trim()).join("; ") || "no operation";
    // Another bulk mutation of the shop's still runs (not one of ours, or ours would have been awaited): later.
    if (runErrors.some((e) => e.code === "OPERATION_IN_PROGRESS")) throw new Error(`BulkMutationRun: ${message}`);
    throw new TerminalError(`BulkMutationRun: ${message}`);
  }
  await recordBulkPush({ shop, bulkOperationGid: id, action, lines: variables.length, startedAt: now });
  return id;
}

/**
 * Waits for a bulk mutation to finish and returns its result lines, then forgets it. A failed operation's lines
 * that ran are returned too (its partial results); the lines missing from the answer did not run.
 */
export async function awaitBulkMutation(admin: AdminClient, shop: string, bulkOperationGid: string, options: BulkWaitOptions): Promise<BulkLineResult[]> {
  const sleep = options.sleep ?? sleepFor;
  let wait = options.pollMs ?? 250;
  for (;;) {
    options.signal.throwIfAborted();
    const { bulkOperation } = await adminGraphql<BulkOperationData>(admin, BulkOperationQuery, { id: bulkOperationGid });
    if (!bulkOperation) throw new TerminalError(`BulkOperation ${bulkOperationGid} is not known to the shop`);
    if (FINISHED.has(bulkOperation.status)) {
      const url = bulkOperation.url ?? bulkOperation.partialDataUrl;
      const results = url ? await resultLines(url, options.signal) : [];
      await forgetBulkPush(shop, bulkOperationGid);
      return results;
    }
    await sleep(wait);
    wait = Math.min(wait * 2, options.maxPollMs ?? 1_000);
  }
}

/** The shop's bulk pushes that a push cut off did not read, oldest first, each awaited and handed to `onResults`. */
export async function finishUnfinishedBulkPushes(
  admin: AdminClient,
  shop: string,
  onResults: (action: BulkAction, results: readonly BulkLineResult[]) => Promise<void>,
  options: BulkWaitOptions,
): Promise<number> {
  const unfinished = await unfinishedBulkPushes(shop);
  for (const push of unfinished) {
    const results = await awaitBulkMutation(admin, shop, push.bulkOperationGid, options);
    await onResults(push.action as BulkAction, results);
  }
  return unfinished.length;
}

async function resultLines(url: string, signal: AbortSignal): Promise<BulkLineResult[]> {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`The bulk result download answered HTTP ${response.status}`);
  const results: BulkLineResult[] = [];
  for (const text of (await response.text()).split("\n")) {
    if (text.trim() === "") continue;
    const line = JSON.parse(text) as { data?: Record<string, unknown>; errors?: { message: string }[]; __lineNumber?: number };
    results.push({ line: line.__lineNumber ?? results.length, data: line.data ?? null, errors: line.errors ?? [] });
  }
  return results;
}
