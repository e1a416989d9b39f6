import { describe, expect, test } from "vitest";
import { joinDiscountCodes, normalDiscountCodes, splitDiscountCodes } from "./discount-codes.ts";

describe("discount codes as the app keeps them", () => {
  test("upper-cased and trimmed, empty ones dropped, each once, in Shopify's order", () => {
    expect(normalDiscountCodes(["vip-a1", " Summer10 ", "", "VIP-A1", "summer10"])).toEqual(["VIP-A1", "SUMMER10"]);
  });

  test("stored comma-separated, and read back the same", () => {
    expect(joinDiscountCodes([])).toBe("");
    expect(joinDiscountCodes(["b", "a"])).toBe("B,A");
    expect(splitDiscountCodes("")).toEqual([]);
    expect(splitDiscountCodes(joinDiscountCodes(["crm-vip-x", "other"]))).toEqual(["CRM-VIP-X", "OTHER"]);
  });
});
