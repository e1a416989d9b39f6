/** The audit log of what the app pushed to the store (PushAudit): what, to whom, when, with what result; kept 90 days. */
import { db } from "../db.server.ts";

export interface PushAuditRow {
  readonly shop: string;
  readonly at: Date;
  /** "tags-add" | "tags-remove" | "metafields-set" | "metafields-delete" | "discount-create" | "segment-create" | "bulk-mutation" | "flow-trigger" */
  readonly action: string;
  readonly customerGid: string | null;
  /** What was sent, as JSON. */
  readonly detail: string;
  /** "ok", or what went wrong in words. */
  readonly result: string;
}

/** Writes audit rows in one statement. */
export async function recordPushAudit(rows: readonly PushAuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.pushAudit.createMany({ data: [...rows] });
}
