/**
 * Thrown when the engine is handed data it cannot score: the message names the record and the exact violation.
 * Model fits never throw this; they fall back instead (see `fit.ts`).
 */
export class ScoringInputError extends Error {
  override readonly name = "ScoringInputError";
}
