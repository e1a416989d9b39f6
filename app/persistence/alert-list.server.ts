/** The alerts page's reads and writes: one shop's early warnings, newest first, a page at a time by id (keyset). */
import { z } from "zod";
import { ALERT_KINDS } from "../admin/alert-kinds.ts";
import { db } from "../db.server.ts";
import { rowId } from "../utils/row-id.ts";

export const AlertFilterSchema = z
  .object({
    kind: z.enum(ALERT_KINDS).optional(),
    state: z.enum(["open", "done", "all"]).default("open"),
    // The id of the last alert of the previous page: digits, within the column's 32 bits.
    before: z
      .string()
      .transform((text, context) => {
        const id = rowId(text);
        if (id === null) context.addIssue({ code: "custom", message: "is not an alert id" });
        return id ?? z.NEVER;
      })
      .optional(),
  })
  .strip();
export type AlertFilter = z.infer<typeof AlertFilterSchema>;

export interface AlertListRow {
  id: number;
  kind: string;
  customerGid: string | null;
  segment: string | null;
  detail: Record<string, unknown>;
  raisedAt: string;
  flowStatus: string;
  doneAt: string | null;
}

export async function alertPage(shop: string, filter: AlertFilter, pageSize: number): Promise<{ rows: AlertListRow[]; nextBefore: number | null }> {
  const rows = await db.loyaltyAlert.findMany({
    where: {
      shop,
      ...(filter.kind ? { kind: filter.kind } : {}),
      ...(filter.state === "open" ? { doneAt: null } : filter.state === "done" ? { doneAt: { not: null } } : {}),
      ...(filter.before ? { id: { lt: filter.before } } : {}),
    },
    orderBy: { id: "desc" },
    take: pageSize + 1,
  });
  const page = rows.slice(0, pageSize);
  return {
    rows: page.map((a) => ({
      id: a.id,
      kind: a.kind,
      customerGid: a.customerGid,
      segment: a.segment,
      detail: JSON.parse(a.detail) as Record<string, unknown>,
      raisedAt: a.raisedAt.toISOString(),
      flowStatus: a.flowStatus,
      doneAt: a.doneAt?.toISOString() ?? null,
    })),
    nextBefore: rows.length > pageSize ? (page.at(-1)?.id ?? null) : null,
  };
}

/** Marks one of the shop's alerts done (or open again). False when the shop has no such alert. */
export async function markAlert(shop: string, id: number, done: boolean, at: Date): Promise<boolean> {
  const { count } = await db.loyaltyAlert.updateMany({ where: { shop, id }, data: { doneAt: done ? at : null } });
  return count === 1;
}
