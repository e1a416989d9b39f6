import { csvRecord } from "../utils/csv-cells.ts";

/** An audit row as the CSV export writes it (PushAudit's columns but the shop). */
export interface AuditCsvRow {
  readonly at: Date;
  readonly action: string;
  readonly customerGid: string | null;
  /** What was sent, as JSON. */
  readonly detail: string;
  readonly result: string;
}

/** The header row: the instant (ISO 8601, UTC), what was done, to which shopper (their GID; empty for none), what was sent, and how it went. */
export const AUDIT_CSV_COLUMNS = ["at", "action", "customer_id", "detail", "result"] as const;

export function auditCsvRecord(row: AuditCsvRow): string {
  return csvRecord([row.at.toISOString(), row.action, row.customerGid ?? "", row.detail, row.result]);
}

/** The export's text: the header, then one chunk per page of rows, in the pages' order. */
export async function* auditCsvChunks(pages: AsyncIterable<readonly AuditCsvRow[]>): AsyncGenerator<string, void, undefined> {
  yield csvRecord(AUDIT_CSV_COLUMNS);
  for await (const page of pages) {
    if (page.length > 0) yield page.map(auditCsvRecord).join("");
  }
}

/**
 * The export as a UTF-8 byte stream for a Response body. A page is read only when the reader wants the next chunk,
 * so a slow download holds one page, not the log; a cancelled download stops the reading (and the pages' query).
 */
export function auditCsvStream(pages: AsyncIterable<readonly AuditCsvRow[]>): ReadableStream<Uint8Array> {
  const chunks = auditCsvChunks(pages);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return();
    },
  });
}

/** The download's file name: the shop's handle and the UTC date of the export, `push-audit-acme-2026-12-03.csv`. */
export function auditCsvFilename(shop: string, at: Date): string {
  const handle = shop.replace(/\.myshopify\.com$/, "").replace(/[^a-z0-9.-]/gi, "-");
  return `push-audit-${handle}-${at.toISOString().slice(0, 10)}.csv`;
}
