import { expect, test } from "vitest";
import { filterParams, listCursor, MAX_CLV, parseCustomerListQuery } from "./customer-list-query.ts";
import { encodeCursor } from "./keyset-cursor.ts";

const parse = (text: string) => parseCustomerListQuery(new URLSearchParams(text));

test("filters and sort are read from the URL; empty fields and the admin's own parameters are ignored", () => {
  const parsed = parse("segment=At+risk&minClv=100&maxClv=&minAlive=20.5&tag=crm-vip&code=with&overdue=1&sort=pAlive&dir=asc&shop=x.myshopify.com&locale=ko");
  expect(parsed).toEqual({
    ok: true,
    query: { segment: "At risk", minClv: 100, minAlive: 20.5, tag: "crm-vip", code: "with", overdue: "1", sort: "pAlive", dir: "asc" },
  });
  expect(parse("")).toEqual({ ok: true, query: { sort: "predictedClv", dir: "desc" } });
});

test("a bad parameter is refused by name, with what is wrong", () => {
  const parsed = parse("segment=Gold&minClv=ten&minAlive=101&sort=name&tag=VIP%20club&colour=red");
  expect(parsed.ok).toBe(false);
  if (parsed.ok) return;
  expect(Object.keys(parsed.errors).sort()).toEqual(["minAlive", "minClv", "query", "segment", "sort", "tag"]);
  expect(parsed.errors.minClv).toBe("the lowest predicted CLV must be a number");
  expect(parsed.errors.query).toBe("unknown parameters: colour");
  expect(parse("minClv=50&maxClv=10")).toEqual({ ok: false, errors: { maxClv: "below the lowest" } });
});

test("the filter parameters round-trip without the page cursor", () => {
  const parsed = parse(`segment=Loyal&minAlive=10&sort=orders&after=${encodeCursor({ value: 3, gid: "gid://shopify/Customer/1" })}`);
  if (!parsed.ok) throw new Error("did not parse");
  const params = filterParams(parsed.query);
  expect(params.get("after")).toBeNull();
  expect(parse(params.toString())).toEqual({ ok: true, query: { segment: "Loyal", minAlive: 10, sort: "orders", dir: "desc" } });
});

test("numbers in decimal notation only, scores whole, CLV bounds within what a column holds", () => {
  for (const [query, field, message] of [
    ["minClv=0x10", "minClv", "the lowest predicted CLV must be a number"],
    ["maxAlive=Infinity", "maxAlive", "the highest P(alive) must be a number"],
    ["r=0x3", "r", "the recency score must be a whole number"],
    ["f=2.0", "f", "the frequency score must be a whole number"],
    [`maxClv=${MAX_CLV + 1}`, "maxClv", "at most 1,000,000,000,000"],
  ] as const) {
    expect(parse(query), query).toEqual({ ok: false, errors: { [field]: message } });
  }
  expect(parse(`minClv=1.5e3&maxClv=${MAX_CLV}&r=5&f=1`)).toMatchObject({ ok: true, query: { minClv: 1500, maxClv: MAX_CLV, r: 5, f: 1 } });
});

test("a parameter given twice is refused at its name, whatever the values", () => {
  expect(parse("segment=Loyal&segment=Loyal&sort=orders&sort=pAlive")).toEqual({
    ok: false,
    errors: { segment: "segment is given more than once", sort: "sort is given more than once" },
  });
  // An emptied field and the admin's own parameters do not count.
  expect(parse("segment=&segment=Loyal&shop=a.myshopify.com&shop=b.myshopify.com").ok).toBe(true);
  expect(parse("__proto__=x")).toEqual({ ok: false, errors: { query: "unknown parameters: __proto__" } });
});

test("a page cursor is taken only with a value of its sort column's kind and a customer GID", () => {
  const gid = "gid://shopify/Customer/42";
  expect(listCursor(encodeCursor({ value: 12.5, gid }), "pAlive")).toEqual({ value: 12.5, gid });
  expect(listCursor(encodeCursor({ value: "2026-11-30", gid }), "lastOrder")).toEqual({ value: "2026-11-30", gid });
  expect(listCursor(encodeCursor({ value: null, gid }), "predictedClv")).toEqual({ value: null, gid });
  expect(listCursor(encodeCursor({ value: "abc", gid }), "predictedClv")).toBeNull();
  expect(listCursor(encodeCursor({ value: 5, gid }), "lastOrder")).toBeNull();
  expect(listCursor(encodeCursor({ value: "2026-11-30' OR 1=1", gid }), "lastOrder")).toBeNull();
  expect(listCursor(encodeCursor({ value: 2 ** 60, gid }), "historicClv")).toBeNull();
  expect(listCursor(encodeCursor({ value: 5, gid: "' OR 1=1 --" }), "orders")).toBeNull();
  const refused = parse(`sort=lastOrder&after=${encodeCursor({ value: 5, gid })}`);
  expect(refused).toEqual({ ok: false, errors: { after: "the page cursor is not one this app wrote; open the list from its first page" } });
});
