import type { JobContext } from "../jobs/types.ts";
import { purgePushAuditBefore, pushAuditPages } from "../persistence/push-audit.server.ts";
import { auditCsvFilename, auditCsvStream } from "./audit-csv.ts";

/** What the app pushed is kept this long (PushAudit), then deleted by the purge-push-audit job; the export covers the same span. */
export const PUSH_AUDIT_RETENTION_MS = 90 * 86_400_000;
/** Rows the export reads a query; a page's text is one chunk of the download. */
const EXPORT_PAGE = 500;

/** The purge-push-audit job. */
export async function purgePushAudit(_data: unknown, { now, signal }: Pick<JobContext, "now" | "signal">): Promise<void> {
  await purgePushAuditBefore(new Date(now().getTime() - PUSH_AUDIT_RETENTION_MS), { signal });
}

/** The shop's audit log of the 90 days before `now` as CSV, oldest first, read a page at a time as it is sent. */
export function pushAuditCsv(shop: string, now: Date): { filename: string; body: ReadableStream<Uint8Array> } {
  const since = new Date(now.getTime() - PUSH_AUDIT_RETENTION_MS);
  const pages = pushAuditPages({ shop, order: "asc", since, before: now }, EXPORT_PAGE);
  return { filename: auditCsvFilename(shop, now), body: auditCsvStream(pages) };
}
