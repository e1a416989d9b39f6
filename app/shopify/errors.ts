import { ZodError } from "zod";
import { throttleDelayMs, type QueryCost } from "./throttle.ts";

/**
 * The one place that decides whether a failure is worth another try (pure).
 *
 * Terminal: nothing a retry can change. The shop is gone (404), frozen for an unpaid bill (402),
 * locked by Shopify (423), the app's token is refused (401) or lacks a permission (403), or the
 * app holds no offline session for the shop (it was uninstalled). Malformed input (a payload or
 * a bulk line that does not parse) is terminal too.
 *
 * Retried: Shopify throttling (THROTTLED or HTTP 429), Shopify's own failures (5xx), requests that
 * got no answer (network errors, timeouts), and anything else, such as a busy database. A wait the
 * answer asks for (Retry-After, the bucket's restore rate) is passed on as `afterMs`.
 *
 * Every Admin API call (app/shopify/admin-graphql.server.ts) and every job (app/jobs/) asks here.
 */
export type FailureDecision =
  | { readonly kind: "terminal"; readonly reason: string }
  | { readonly kind: "retry"; readonly reason: string; readonly afterMs?: number };

/** A failure that retrying cannot fix: a job that throws it stops at once. */
export class TerminalError extends Error {
  override readonly name = "TerminalError";
}

/** HTTP statuses of the Admin API that no retry changes (shopify.dev "API response status and error codes"). */
const TERMINAL_STATUSES: Readonly<Record<number, string>> = {
  401: "Shopify refused the app's access token (401): the app was uninstalled or its token revoked",
  402: "the shop is frozen until its bill is paid (402)",
  403: "Shopify refused the request (403): the app lacks a permission for it",
  404: "the shop was not found (404)",
  423: "the shop is locked by Shopify (423)",
};

/** Error classes of the libraries in play, matched by name so that two copies of a package still agree. */
const NO_SESSION = "SessionNotFoundError";
const NETWORK_ERRORS = new Set(["HttpRequestError", "HttpMaxRetriesError", "AbortError", "TimeoutError", "FetchError"]);

export function classifyFailure(error: unknown): FailureDecision {
  if (error instanceof TerminalError) return { kind: "terminal", reason: error.message };
  if (error instanceof ZodError) return { kind: "terminal", reason: `malformed input: ${error.issues[0]?.message ?? error.message}` };
  if (error instanceof SyntaxError) return { kind: "terminal", reason: `malformed input: ${error.message}` };
  const named = error as { name?: unknown; code?: unknown; cause?: unknown } | null;
  if (error instanceof MissingSessionError || (error instanceof Error && error.constructor.name === NO_SESSION)) {
    return { kind: "terminal", reason: "the app holds no offline session for the shop (uninstalled)" };
  }
  const status = httpStatusOf(error);
  if (status !== null) return classifyStatus(status, retryAfterMsOf(error));
  if (error instanceof ShopifyGraphqlError && error.code === "THROTTLED") {
    return { kind: "retry", reason: "throttled by Shopify (THROTTLED)", afterMs: throttleDelayMs(error.cost) };
  }
  if (typeof named?.name === "string" && NETWORK_ERRORS.has(named.name)) return { kind: "retry", reason: `no answer from Shopify (${named.name})` };
  if (named?.cause && typeof named.cause === "object" && typeof (named.cause as { code?: unknown }).code === "string") {
    return { kind: "retry", reason: `network error (${(named.cause as { code: string }).code})` };
  }
  return { kind: "retry", reason: error instanceof Error ? error.message : String(error) };
}

export function classifyStatus(status: number, retryAfterMs?: number): FailureDecision {
  const terminal = TERMINAL_STATUSES[status];
  if (terminal) return { kind: "terminal", reason: terminal };
  if (status === 429) {
    return { kind: "retry", reason: "throttled by Shopify (429)", ...(retryAfterMs !== undefined ? { afterMs: retryAfterMs } : {}) };
  }
  if (status >= 500) return { kind: "retry", reason: `Shopify failed to answer (${status})` };
  return { kind: "terminal", reason: `Shopify rejected the request (${status})` };
}

/** The HTTP status of a failed Admin API answer, however the library reported it. */
function httpStatusOf(error: unknown): number | null {
  if (error instanceof Response) return error.status;
  if (error instanceof ShopifyGraphqlError) return error.status ?? null;
  const response = (error as { response?: { code?: unknown } } | null)?.response;
  return typeof response?.code === "number" && response.code >= 400 ? response.code : null;
}

function retryAfterMsOf(error: unknown): number | undefined {
  const seconds =
    error instanceof Response ? Number(error.headers.get("retry-after")) : (error as { response?: { retryAfter?: unknown } } | null)?.response?.retryAfter;
  return typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds * 1000) : undefined;
}

/** A GraphQL-level error of an Admin API answer (HTTP 200 with `errors`), or an HTTP failure, naming the operation. */
export class ShopifyGraphqlError extends Error {
  override readonly name = "ShopifyGraphqlError";
  readonly operation: string;
  readonly code: string | undefined;
  readonly cost: QueryCost | undefined;
  readonly status: number | undefined;

  constructor(operation: string, message: string, details: { code?: string; cost?: QueryCost; status?: number } = {}) {
    super(`${operation}: ${message}`);
    this.operation = operation;
    this.code = details.code;
    this.cost = details.cost;
    this.status = details.status;
  }
}

/** The app has no offline session for a shop (raised by app code that looks sessions up itself). */
export class MissingSessionError extends TerminalError {}

/**
 * How long to wait before try `attempt` (1 = the first retry). When the failure said how long (Retry-After, the
 * bucket's restore time), that long plus up to a fifth more; otherwise exponential from `baseMs`, capped at `maxMs`,
 * less up to half. The jitter keeps many callers failing together from coming back together.
 */
export function retryDelayMs(attempt: number, { baseMs, maxMs }: { baseMs: number; maxMs: number }, afterMs = 0, random: () => number = Math.random): number {
  if (afterMs > 0) return Math.round(afterMs * (1 + random() / 5));
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.5 + random() / 2));
}
