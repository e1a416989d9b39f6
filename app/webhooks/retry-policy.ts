import { ZodError } from "zod";

/** An error that retrying cannot fix: the delivery is marked failed at once. */
export class PermanentError extends Error {}

export const MAX_ATTEMPTS = 10;

/**
 * The one place that decides whether a failed delivery is retried. Malformed payloads are
 * terminal; anything else (a busy database, a network error) is retried with exponential
 * backoff, up to MAX_ATTEMPTS.
 */
export function nextAttemptAt(error: unknown, attempts: number, now: Date): Date | null {
  if (error instanceof ZodError || error instanceof PermanentError || error instanceof SyntaxError) return null;
  if (attempts >= MAX_ATTEMPTS) return null;
  const delayMs = Math.min(2 ** attempts * 1000, 60 * 60 * 1000);
  return new Date(now.getTime() + delayMs);
}
