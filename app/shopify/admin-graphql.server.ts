import { Kind, parse, type OperationDefinitionNode } from "graphql";
import type { AdminClient } from "../shopify.server.ts";
import { classifyFailure, retryDelayMs, ShopifyGraphqlError, TerminalError } from "./errors.ts";
import { defaultPacer, type Pacer } from "./pacer.ts";
import type { QueryCost } from "./throttle.ts";

export interface UserError {
  field?: string[] | null;
  message: string;
  code?: string | null;
}

interface FailedBody {
  errors?: { graphQLErrors?: { message: string; extensions?: { code?: string } }[] };
  extensions?: { cost?: QueryCost };
}

export interface AdminGraphqlOptions {
  /** Tries in all, for failures that errors.ts calls retryable; a job's own retries come on top. */
  readonly tries?: number;
  /** Each request is given up after this long (and counts as a retryable failure). */
  readonly timeoutMs?: number;
  /** The wait before a retry. Pacing waits are the pacer's own (its clock, its sleep). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Wait before sending so that the shop's cost bucket is not run dry (the default); false sends at once. */
  readonly pace?: boolean;
  /** The shop the client is for, so that all its clients in the process share one pace; without it, calls through the same client do. */
  readonly shop?: string;
  /** Default: the process's pacer (app/shopify/pacer.ts, whose clock setPacerClock sets). */
  readonly pacer?: Pacer;
}

const DEFAULTS = { tries: 5, timeoutMs: 30_000 } as const;
const BACKOFF = { baseMs: 500, maxMs: 10_000 } as const;
const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const operationNames = new Map<string, string>();

/** The operation's name, read with graphql-js (the documents are ours, one named operation each). */
export function operationName(document: string): string {
  let name = operationNames.get(document);
  if (name === undefined) {
    const operation = parse(document).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    name = operation?.name?.value ?? "anonymous operation";
    operationNames.set(document, name);
  }
  return name;
}

/**
 * Runs one Admin GraphQL operation through the shop's client and returns `data`. Each try is first
 * paced (app/shopify/pacer.ts): it waits until the shop's bucket, as the last answers reported it,
 * holds the operation's expected cost and a reserve, and every answer's `extensions.cost` updates
 * that estimate. Failures are decided by app/shopify/errors.ts: a terminal one (shop gone, frozen,
 * locked, token refused) throws a TerminalError at once; a retryable one (THROTTLED, 429, 5xx, no
 * answer in time) is tried again after the wait Shopify asked for (the bucket's restore rate,
 * Retry-After) or a backoff with jitter, then thrown for the caller's job to retry later.
 */
export async function adminGraphql<T>(admin: AdminClient, document: string, variables?: Record<string, unknown>, options: AdminGraphqlOptions = {}): Promise<T> {
  const operation = operationName(document);
  const tries = options.tries ?? DEFAULTS.tries;
  const sleep = options.sleep ?? sleepFor;
  const pacer = options.pace === false ? null : (options.pacer ?? defaultPacer());
  for (let attempt = 1; ; attempt++) {
    const ticket = pacer ? await pacer.acquire(options.shop ?? admin, operation) : null;
    const answer = await send<T>(admin, document, variables, options.timeoutMs ?? DEFAULTS.timeoutMs);
    if (pacer && ticket)
      pacer.settle(ticket, "body" in answer ? answer.body.extensions?.cost : (answer.failure as { body?: FailedBody } | null)?.body?.extensions?.cost);
    if ("body" in answer && answer.body.data !== undefined) return answer.body.data;
    const error = "body" in answer ? new ShopifyGraphqlError(operation, "no data in the response") : describe(operation, answer.failure);
    const decision = classifyFailure(error);
    if (decision.kind === "terminal") {
      throw new TerminalError(`${operation}: ${decision.reason}`, error instanceof TerminalError ? {} : { cause: error });
    }
    if (attempt >= tries) throw error instanceof Response ? new ShopifyGraphqlError(operation, `HTTP ${error.status}`, { status: error.status }) : error;
    await sleep(retryDelayMs(attempt, BACKOFF, decision.afterMs));
  }
}

/** One request: the answer's body, or what the client threw (a failed answer, no answer in time, a body that is not JSON). */
async function send<T>(
  admin: AdminClient,
  document: string,
  variables: Record<string, unknown> | undefined,
  timeoutMs: number,
): Promise<{ body: { data?: T; extensions?: { cost?: QueryCost } } } | { failure: unknown }> {
  try {
    const response = await admin.graphql(document, { ...(variables ? { variables } : {}), signal: AbortSignal.timeout(timeoutMs) });
    return { body: (await response.json()) as { data?: T; extensions?: { cost?: QueryCost } } };
  } catch (failure) {
    return { failure };
  }
}

/** A GraphQL-level failure as a ShopifyGraphqlError naming the operation, with the code and cost that decide a retry. */
function describe(operation: string, error: unknown): unknown {
  const body = (error as { body?: FailedBody }).body;
  const first = body?.errors?.graphQLErrors?.[0];
  if (first) return new ShopifyGraphqlError(operation, first.message, { code: first.extensions?.code, cost: body?.extensions?.cost });
  return error;
}

/** Throws when a mutation answered with userErrors: the input was refused, and the same input would be again. */
export function assertNoUserErrors(operation: string, userErrors: readonly UserError[] | undefined): void {
  if (userErrors && userErrors.length > 0) {
    const details = userErrors.map((e) => `${(e.field ?? []).join(".") || "(input)"}: ${e.message}`).join("; ");
    throw new TerminalError(`${operation}: ${details}`);
  }
}
