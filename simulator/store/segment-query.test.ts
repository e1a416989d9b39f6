import { describe, expect, it } from "vitest";
import { checkSegmentQuery } from "./segment-query.ts";
import type { SimCustomer } from "./types.ts";

const customer = (tags: string[]) => ({ tags }) as SimCustomer;

function matcher(query: string) {
  const check = checkSegmentQuery(query);
  if (check.kind !== "ok") throw new Error(`expected ${query} to compile, got ${JSON.stringify(check)}`);
  return check.matches;
}

describe("segment queries", () => {
  it("matches customer_tags CONTAINS without regard to case, and NOT CONTAINS as its negation", () => {
    const vip = matcher("customer_tags CONTAINS 'crm-VIP'");
    expect(vip(customer(["crm-vip", "other"]))).toBe(true);
    expect(vip(customer(["crm-vip-2"]))).toBe(false);
    const notVip = matcher("customer_tags NOT CONTAINS 'crm-vip'");
    expect(notVip(customer(["CRM-VIP"]))).toBe(false);
    expect(notVip(customer([]))).toBe(true);
  });

  it("binds AND tighter than OR and honours parentheses", () => {
    const loose = matcher("customer_tags CONTAINS 'a' OR customer_tags CONTAINS 'b' AND customer_tags CONTAINS 'c'");
    expect(loose(customer(["a"]))).toBe(true);
    expect(loose(customer(["b"]))).toBe(false);
    const grouped = matcher("(customer_tags CONTAINS 'a' OR customer_tags CONTAINS 'b') AND customer_tags CONTAINS 'c'");
    expect(grouped(customer(["a"]))).toBe(false);
    expect(grouped(customer(["b", "c"]))).toBe(true);
  });

  it("keeps quotes escaped with a backslash inside a tag", () => {
    expect(matcher("customer_tags CONTAINS 'o\\'neil'")(customer(["o'neil"]))).toBe(true);
  });

  it.each([
    // The column of the condition, as in the message Shopify gave for products_purchased MATCHES.
    ["customer_tags CONTAINS 'a' AND customer_tags MATCHES 'b'", "Query Line 1 Column 31: 'MATCHES' is unexpected."],
    ["customer_tag CONTAINS 'a'", "Query Line 1 Column 0: 'customer_tag' filter cannot be found."],
    ["customer_tags CONTAINS 'a' AND", "Query Line 1 Column 30: The query ended unexpectedly."],
    ["customer_tags CONTAINS 'a'\nOR customer_tags = 'b'", "Query Line 2 Column 3: '=' is unexpected."],
    ["customer_tags CONTAINS 'a", "Query Line 1 Column 23: Unclosed string."],
    ["  ", "Query can't be blank"],
  ])("refuses %j as Shopify does: %s", (query, message) => {
    expect(checkSegmentQuery(query)).toEqual({ kind: "invalid", message });
  });

  it("calls filters Shopify has but the simulator does not evaluate unsupported", () => {
    expect(checkSegmentQuery("amount_spent >= 500")).toEqual({ kind: "unsupported", filter: "amount_spent" });
    expect(checkSegmentQuery("customer_tags CONTAINS 'a' AND metafields.custom.tier = 'gold'")).toEqual({
      kind: "unsupported",
      filter: "metafields.custom.tier",
    });
  });
});
