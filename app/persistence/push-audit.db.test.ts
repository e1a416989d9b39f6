import { describe, expect, test } from "vitest";
import { db } from "../db.server.ts";
import {
  type PushAuditCursor,
  type PushAuditQuery,
  type PushAuditRow,
  pushAuditPage,
  pushAuditPages,
  purgePushAuditBefore,
  recordPushAudit,
} from "./push-audit.server.ts";

const shop = "audit-a.myshopify.com";
const other = "audit-b.myshopify.com";
const DAY = 86_400_000;
const NOW = new Date("2026-12-03T12:00:00.000Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

const entry = (overrides: Partial<PushAuditRow> = {}): PushAuditRow => ({
  shop,
  at: NOW,
  action: "tags-add",
  customerGid: "gid://shopify/Customer/1",
  detail: '{"tags":["crm-vip"]}',
  result: "ok",
  ...overrides,
});

async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

/** Every page of the query, and the cursors that led to them. */
async function allPages(query: PushAuditQuery, pageSize: number) {
  const pages: { at: string; id: number; customerGid: string | null }[][] = [];
  let after: PushAuditCursor | null = null;
  do {
    const page = await pushAuditPage(query, pageSize, after);
    pages.push(page.rows.map((r) => ({ at: r.at.toISOString(), id: r.id, customerGid: r.customerGid })));
    after = page.next;
  } while (after !== null);
  return pages;
}

describe("purgePushAuditBefore", () => {
  test("deletes the rows older than the cutoff, of every shop, and nothing newer", async () => {
    await recordPushAudit([
      entry({ at: daysAgo(91), detail: "old-a" }),
      entry({ at: daysAgo(89), detail: "kept-a" }),
      entry({ shop: other, at: daysAgo(91), detail: "old-b" }),
      entry({ shop: other, at: daysAgo(89), detail: "kept-b" }),
      entry({ shop: other, at: daysAgo(1), detail: "recent-b" }),
    ]);
    expect(await purgePushAuditBefore(daysAgo(90))).toBe(2);
    const left = await db.pushAudit.findMany({ orderBy: { id: "asc" } });
    expect(left.map((r) => [r.shop, r.detail])).toEqual([
      [shop, "kept-a"],
      [other, "kept-b"],
      [other, "recent-b"],
    ]);
    expect(await purgePushAuditBefore(daysAgo(90))).toBe(0);
  });

  test("deletes in batches of the given size, oldest first, splitting rows of the same instant by id", async () => {
    const sameInstant = daysAgo(95);
    await recordPushAudit([
      ...Array.from({ length: 7 }, (_, i) => entry({ at: sameInstant, detail: `same-${i}` })),
      ...Array.from({ length: 2 }, (_, i) => entry({ shop: other, at: new Date(daysAgo(92).getTime() + i), detail: `later-${i}` })),
      entry({ at: daysAgo(90 - 1 / 24), detail: "an hour too young" }),
    ]);
    const left = async () => (await db.pushAudit.findMany({ orderBy: { id: "asc" } })).map((r) => r.detail);
    // A signal that stops the purge before its (n+1)-th batch: what is gone then is what n batches deleted.
    const stopAfter = (batches: number) => {
      let checks = 0;
      return {
        throwIfAborted() {
          if (++checks > batches) throw new Error("stopped");
        },
      } as AbortSignal;
    };
    await expect(purgePushAuditBefore(daysAgo(90), { batchSize: 3, signal: stopAfter(1) })).rejects.toThrow("stopped");
    expect(await left()).toEqual(["same-3", "same-4", "same-5", "same-6", "later-0", "later-1", "an hour too young"]);
    await expect(purgePushAuditBefore(daysAgo(90), { batchSize: 3, signal: stopAfter(1) })).rejects.toThrow("stopped");
    expect(await left()).toEqual(["same-6", "later-0", "later-1", "an hour too young"]);
    expect(await purgePushAuditBefore(daysAgo(90), { batchSize: 3 })).toBe(3);
    expect(await left()).toEqual(["an hour too young"]);
  });

  test("deletes nothing once its signal is aborted (the worker lost the job or is stopping)", async () => {
    await recordPushAudit(Array.from({ length: 5 }, (_, i) => entry({ at: new Date(daysAgo(100).getTime() + i) })));
    const controller = new AbortController();
    controller.abort(new Error("lease lost"));
    await expect(purgePushAuditBefore(daysAgo(90), { batchSize: 2, signal: controller.signal })).rejects.toThrow("lease lost");
    expect(await db.pushAudit.count()).toBe(5);
  });
});

describe("pushAuditPage", () => {
  /** Ten rows of the shop over three instants (ties broken by id), two of another shop, one older than the window. */
  async function seed(): Promise<number[]> {
    await recordPushAudit([
      entry({ at: daysAgo(100), detail: "too old" }),
      ...Array.from({ length: 4 }, (_, i) => entry({ at: daysAgo(3), customerGid: `gid://shopify/Customer/${i % 2}` })),
      entry({ shop: other, at: daysAgo(2) }),
      ...Array.from({ length: 3 }, (_, i) => entry({ at: daysAgo(2), customerGid: `gid://shopify/Customer/${i % 2}` })),
      ...Array.from({ length: 3 }, (_, i) => entry({ at: daysAgo(1), customerGid: i === 2 ? null : `gid://shopify/Customer/${i % 2}` })),
      entry({ shop: other, at: daysAgo(1) }),
    ]);
    const rows = await db.pushAudit.findMany({ where: { shop, at: { gte: daysAgo(90) } }, orderBy: [{ at: "asc" }, { id: "asc" }] });
    return rows.map((r) => r.id);
  }
  const window = { shop, since: daysAgo(90), before: NOW } as const;

  test("oldest first: every row of the shop's window once, in (at, id) order, across pages", async () => {
    const ids = await seed();
    const pages = await allPages({ ...window, order: "asc" }, 3);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 3, 1]);
    expect(pages.flat().map((r) => r.id)).toEqual(ids);
  });

  test("newest first, the same rows in reverse; a page size that divides them leaves no empty last page", async () => {
    const ids = await seed();
    const pages = await allPages({ ...window, order: "desc" }, 5);
    expect(pages.map((page) => page.length)).toEqual([5, 5]);
    expect(pages.flat().map((r) => r.id)).toEqual([...ids].reverse());
  });

  test("filters by shopper", async () => {
    await seed();
    const pages = await allPages({ ...window, order: "desc", customerGid: "gid://shopify/Customer/1" }, 2);
    const rows = pages.flat();
    expect(rows.map((r) => r.customerGid)).toEqual(Array(rows.length).fill("gid://shopify/Customer/1"));
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => r.at)).toEqual([daysAgo(1), daysAgo(2), daysAgo(3), daysAgo(3)].map((d) => d.toISOString()));
  });

  test("a row written between two reads comes once, on the later page; the pages before it are unchanged", async () => {
    const ids = await seed();
    const tooOld = await db.pushAudit.findFirstOrThrow({ where: { detail: "too old" } });
    const first = await pushAuditPage({ shop, order: "asc" }, 4);
    expect(first.rows.map((r) => r.id)).toEqual([tooOld.id, ...ids.slice(0, 3)]);
    await recordPushAudit([entry({ at: NOW, detail: "new" })]);
    const newer = await db.pushAudit.findFirstOrThrow({ where: { detail: "new" } });
    const second = await pushAuditPage({ shop, order: "asc" }, 100, first.next);
    expect(second.rows.map((r) => r.id)).toEqual([...ids.slice(3), newer.id]);
    expect(second.next).toBeNull();
  });

  test("reads every page of a query through pushAuditPages, and nothing for a shop without rows", async () => {
    const ids = await seed();
    const pages = await collect(pushAuditPages({ ...window, order: "asc" }, 4));
    expect(pages.map((page) => page.length)).toEqual([4, 4, 2]);
    expect(pages.flat().map((r) => r.id)).toEqual(ids);
    expect(await collect(pushAuditPages({ shop: "nobody.myshopify.com", order: "asc" }, 4))).toEqual([]);
  });

  test("refuses a page size that is not a positive integer", async () => {
    await expect(pushAuditPage({ shop, order: "asc" }, 0)).rejects.toThrow("pageSize must be a positive integer, got 0");
  });
});
