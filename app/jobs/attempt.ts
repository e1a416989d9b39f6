import { errorMessage } from "../logger.server.ts";
import { classifyFailure } from "../shopify/errors.ts";
import type { JobContext, RegisteredJob } from "./types.ts";

/** How one try of a job ended, as both engines settle it. */
export type AttemptOutcome =
  | { readonly status: "completed" }
  | { readonly status: "retry"; readonly error: string; readonly afterMs?: number }
  | { readonly status: "dead"; readonly error: string };

/** Error texts are kept on the job; database errors can quote whole statements. */
const MAX_ERROR_LENGTH = 2_000;

/**
 * Runs one try: validates the data against the definition (a job whose data no longer parses is
 * dead at once), runs the handler, and asks app/shopify/errors.ts whether a failure is terminal.
 * Whether a retryable failure has tries left is the engine's to count.
 */
export async function runAttempt<T>(job: RegisteredJob<T>, data: unknown, context: JobContext): Promise<AttemptOutcome> {
  const parsed = job.schema.safeParse(data);
  if (!parsed.success) return { status: "dead", error: `invalid job data: ${parsed.error.issues[0]?.message ?? "unknown"}` };
  try {
    await job.run(parsed.data, context);
    return { status: "completed" };
  } catch (error) {
    const decision = classifyFailure(error);
    // A terminal failure is kept in the classifier's words, which the merchant reads; a retry keeps the whole error
    // with its cause, for whoever looks into it.
    if (decision.kind === "terminal") return { status: "dead", error: decision.reason.slice(0, MAX_ERROR_LENGTH) };
    const message = errorMessage(error).slice(0, MAX_ERROR_LENGTH);
    return { status: "retry", error: message, ...(decision.afterMs !== undefined ? { afterMs: decision.afterMs } : {}) };
  }
}
