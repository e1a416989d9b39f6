import { expect, test } from "vitest";
import { db } from "../db.server.ts";
import { AlertFilterSchema, alertPage, markAlert } from "./alert-list.server.ts";

const shop = "alerts.myshopify.com";
const at = new Date("2026-10-01T00:00:00Z");

async function raise(count: number, target = shop) {
  for (let i = 0; i < count; i++) {
    await db.loyaltyAlert.create({
      data: {
        shop: target,
        kind: i % 2 === 0 ? "vip-lost" : "overdue",
        customerGid: `gid://shopify/Customer/${i + 1}`,
        scoringRunId: 1,
        subject: `gid://shopify/Customer/${i + 1}`,
        detail: JSON.stringify({ tag: "crm-vip", segment: "At risk" }),
        raisedAt: new Date(at.getTime() + i * 1000),
      },
    });
  }
}

test("alerts newest first, a page at a time, filtered by kind and state; marking done is per shop", async () => {
  await raise(7);
  await raise(3, "other.myshopify.com");
  const filter = (input: Record<string, string>) => AlertFilterSchema.parse(input);
  const first = await alertPage(shop, filter({}), 3);
  expect(first.rows.map((r) => r.customerGid)).toEqual(["gid://shopify/Customer/7", "gid://shopify/Customer/6", "gid://shopify/Customer/5"]);
  const second = await alertPage(shop, filter({ before: String(first.nextBefore) }), 3);
  const third = await alertPage(shop, filter({ before: String(second.nextBefore) }), 3);
  expect([...first.rows, ...second.rows, ...third.rows].map((r) => r.customerGid)).toHaveLength(7);
  expect(third.nextBefore).toBeNull();
  expect((await alertPage(shop, filter({ kind: "overdue" }), 10)).rows.map((r) => r.kind)).toEqual(["overdue", "overdue", "overdue"]);

  const target = first.rows[0]!.id;
  const foreign = (await db.loyaltyAlert.findFirstOrThrow({ where: { shop: "other.myshopify.com" } })).id;
  expect(await markAlert(shop, target, true, at)).toBe(true);
  expect(await markAlert(shop, foreign, true, at)).toBe(false);
  expect((await db.loyaltyAlert.findUniqueOrThrow({ where: { id: foreign } })).doneAt).toBeNull();
  expect((await alertPage(shop, filter({}), 10)).rows.map((r) => r.id)).not.toContain(target);
  expect((await alertPage(shop, filter({ state: "done" }), 10)).rows.map((r) => r.id)).toEqual([target]);
  expect(await markAlert(shop, target, false, at)).toBe(true);
  expect((await alertPage(shop, filter({ state: "done" }), 10)).rows).toEqual([]);
});
