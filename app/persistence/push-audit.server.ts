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

/** A stored audit row. */
export interface PushAuditEntry extends PushAuditRow {
  readonly id: number;
}

/** Where a page ended: the (at, id) of its last row. The next page starts strictly after it, in the page's order. */
export interface PushAuditCursor {
  readonly at: Date;
  readonly id: number;
}

export interface PushAuditQuery {
  readonly shop: string;
  /** "asc": oldest first; "desc": newest first. Rows of the same instant come in id order (of the same direction). */
  readonly order: "asc" | "desc";
  /** Rows at or after this instant. */
  readonly since?: Date;
  /** Rows before this instant. */
  readonly before?: Date;
  /** Only the rows about this shopper. */
  readonly customerGid?: string;
}

export interface PushAuditPage {
  readonly rows: PushAuditEntry[];
  /** The cursor of the next page, or null when this one is the last. */
  readonly next: PushAuditCursor | null;
}

/** Writes audit rows in one statement. */
export async function recordPushAudit(rows: readonly PushAuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.pushAudit.createMany({ data: [...rows] });
}

/**
 * One page of a shop's audit rows ordered by (at, id), after `after` (keyset pagination: each page costs the same
 * however deep it is, and rows written meanwhile neither repeat nor shift a row out of the pages).
 */
export async function pushAuditPage(query: PushAuditQuery, pageSize: number, after: PushAuditCursor | null = null): Promise<PushAuditPage> {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pushAuditPage: pageSize must be a positive integer, got ${pageSize}`);
  const direction = query.order;
  const range: { gte?: Date; lt?: Date }[] = [];
  if (query.since) range.push({ gte: query.since });
  if (query.before) range.push({ lt: query.before });
  const rows = await db.pushAudit.findMany({
    where: {
      shop: query.shop,
      ...(query.customerGid === undefined ? {} : { customerGid: query.customerGid }),
      AND: [...range.map((at) => ({ at })), ...(after ? afterCursor(after, direction) : [])],
    },
    orderBy: [{ at: direction }, { id: direction }],
    take: pageSize + 1,
  });
  const more = rows.length > pageSize;
  if (more) rows.pop();
  const last = rows.at(-1);
  return { rows, next: more && last ? { at: last.at, id: last.id } : null };
}

/**
 * The rows after the cursor: (at, id) beyond it. The redundant bound on `at` alone is what lets the (shop, at) index
 * start at the cursor instead of reading every row before it: neither database takes a range out of the OR.
 */
function afterCursor(after: PushAuditCursor, direction: "asc" | "desc") {
  return direction === "asc"
    ? [{ at: { gte: after.at } }, { OR: [{ at: { gt: after.at } }, { at: after.at, id: { gt: after.id } }] }]
    : [{ at: { lte: after.at } }, { OR: [{ at: { lt: after.at } }, { at: after.at, id: { lt: after.id } }] }];
}

/** Every page of the query, one read at a time (for an export that never holds the whole log). */
export async function* pushAuditPages(query: PushAuditQuery, pageSize: number): AsyncGenerator<PushAuditEntry[]> {
  let after: PushAuditCursor | null = null;
  do {
    const page: PushAuditPage = await pushAuditPage(query, pageSize, after);
    if (page.rows.length > 0) yield page.rows;
    after = page.next;
  } while (after !== null);
}

/**
 * Deletes the audit rows of every shop written before `before`, oldest first and `batchSize` rows a statement, so that
 * a large purge never holds a long lock (a push writing its rows waits for one batch at most). Each batch is found on
 * the index on `at` and deleted by its (at, id) range, a few parameters however large it is (libSQL refuses a list
 * of a thousand ids). Stops between batches when
 * `signal` is aborted. Returns the number of rows deleted.
 */
export async function purgePushAuditBefore(before: Date, { batchSize = 1_000, signal }: { batchSize?: number; signal?: AbortSignal } = {}): Promise<number> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`purgePushAuditBefore: batchSize must be a positive integer, got ${batchSize}`);
  let deleted = 0;
  for (;;) {
    signal?.throwIfAborted();
    const batch = await db.pushAudit.findMany({
      where: { at: { lt: before } },
      select: { at: true, id: true },
      orderBy: [{ at: "asc" }, { id: "asc" }],
      take: batchSize,
    });
    const last = batch.at(-1);
    if (last === undefined) return deleted;
    const { count } = await db.pushAudit.deleteMany({
      where: { AND: [{ at: { lt: before } }, { at: { lte: last.at } }, { OR: [{ at: { lt: last.at } }, { at: last.at, id: { lte: last.id } }] }] },
    });
    deleted += count;
    if (batch.length < batchSize) return deleted;
  }
}
