import { ScoringInputError } from "./errors.ts";

export const MS_PER_DAY = 86_400_000;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Whole days since 1970-01-01 of the calendar day on which `value` falls.
 * A `YYYY-MM-DD` string is that day; a timestamp falls on its UTC day shifted by `utcOffsetMinutes`.
 *
 * @throws {ScoringInputError} when the value is not a valid date.
 */
export function toDayNumber(value: string | Date, utcOffsetMinutes = 0, what = "date"): number {
  if (typeof value === "string") {
    const m = DATE_ONLY.exec(value);
    if (m) {
      const year = Number(m[1]);
      const month = Number(m[2]);
      const day = Number(m[3]);
      const ms = Date.UTC(year, month - 1, day);
      const check = new Date(ms);
      if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
        throw new ScoringInputError(`${what}: "${value}" is not a calendar date`);
      }
      return ms / MS_PER_DAY;
    }
  }
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (!Number.isFinite(ms)) throw new ScoringInputError(`${what}: "${String(value)}" is not a valid date`);
  return Math.floor((ms + utcOffsetMinutes * 60_000) / MS_PER_DAY);
}

/** `YYYY-MM-DD` of a day number. */
export function dayNumberToIso(day: number): string {
  return new Date(Math.round(day) * MS_PER_DAY).toISOString().slice(0, 10);
}
