import { expect, test } from "vitest";
import { filterParams, parseCustomerListQuery } from "./customer-list-query.ts";

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
  const parsed = parse("segment=Loyal&minAlive=10&sort=orders&after=abc");
  if (!parsed.ok) throw new Error("did not parse");
  const params = filterParams(parsed.query);
  expect(params.get("after")).toBeNull();
  expect(parse(params.toString())).toEqual({ ok: true, query: { segment: "Loyal", minAlive: 10, sort: "orders", dir: "desc" } });
});
