/** Row ids as paths and forms carry them (pure). */

/** The highest id of an autoincrement Int column (32 bits on both databases): a larger one names no row. */
export const MAX_ROW_ID = 2_147_483_647;

/** A row id as a form or a path carries it: digits only ("1e0", "5.0" or "0x1" are no id), within 32 bits; else null. */
export function rowId(text: unknown): number | null {
  if (typeof text !== "string" || !/^[1-9]\d{0,9}$/.test(text)) return null;
  const id = Number(text);
  return id <= MAX_ROW_ID ? id : null;
}
