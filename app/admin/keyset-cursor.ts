/**
 * The position after the last row of a page of a sorted list (keyset pagination, pure): the sort value and the
 * customer GID of that row, and whether the list had reached the rows without a value (they come last in either
 * direction). The next page asks for rows after it, which an index finds directly where OFFSET would count through
 * every row before it.
 */
import { z } from "zod";

export interface KeysetCursor {
  /** The last row's sort value; null once the rows without a value are being listed. */
  readonly value: string | number | null;
  readonly gid: string;
}

const CursorSchema = z.object({ v: z.union([z.string().max(100), z.number(), z.null()]), g: z.string().min(1).max(120) }).strict();

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify({ v: cursor.value, g: cursor.gid })).toString("base64url");
}

/** Null for a cursor this code did not write (edited by hand, or from an older version). */
export function decodeCursor(text: string): KeysetCursor | null {
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    return parsed.success ? { value: parsed.data.v, gid: parsed.data.g } : null;
  } catch {
    return null;
  }
}
