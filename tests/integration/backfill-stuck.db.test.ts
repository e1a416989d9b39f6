import { expect, test } from "vitest";
import { checkBulkOperations } from "../../app/backfill/backfill.server.ts";
import { db } from "../../app/db.server.ts";

test("a backfill whose start was cut off is marked failed after ten minutes, so it can be retried", async () => {
  const startedAt = new Date("2026-11-01T10:00:00Z");
  const base = { state: "installed", installedAt: startedAt, backfillStatus: "running", backfillStartedAt: startedAt };
  await db.shop.create({ data: { domain: "cut-off.myshopify.com", ...base } });
  await db.shop.create({ data: { domain: "under-way.myshopify.com", ...base } });
  // The second got both its bulk operations recorded: Shopify is preparing them.
  for (const kind of ["customers", "orders"]) {
    await db.bulkImport.create({
      data: {
        shop: "under-way.myshopify.com",
        kind,
        operationId: `gid://shopify/BulkOperation/${kind}`,
        status: "running",
        createdAt: startedAt,
        updatedAt: new Date("2026-11-01T10:20:00Z"),
      },
    });
  }

  await checkBulkOperations({}, { now: () => new Date("2026-11-01T10:09:00Z") });
  expect((await db.shop.findUniqueOrThrow({ where: { domain: "cut-off.myshopify.com" } })).backfillStatus).toBe("running");

  await checkBulkOperations({}, { now: () => new Date("2026-11-01T10:11:00Z") });
  expect(await db.shop.findUniqueOrThrow({ where: { domain: "cut-off.myshopify.com" } })).toMatchObject({
    backfillStatus: "failed",
    backfillError: expect.stringMatching(/did not start/),
  });
  expect((await db.shop.findUniqueOrThrow({ where: { domain: "under-way.myshopify.com" } })).backfillStatus).toBe("running");
});
