import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, test } from "vitest";
import { importBulkResult } from "../../app/backfill/backfill.server.ts";
import { db } from "../../app/db.server.ts";

const shop = "resume.myshopify.com";

function orderLine(n: number): string {
  return JSON.stringify({
    id: `gid://shopify/Order/${n}`,
    createdAt: "2026-01-01T10:00:00Z",
    updatedAt: "2026-01-01T10:00:00Z",
    processedAt: "2026-01-01T10:00:00Z",
    cancelledAt: null,
    test: false,
    currencyCode: "USD",
    presentmentCurrencyCode: "USD",
    customer: { id: `gid://shopify/Customer/${n % 7}` },
    totalPriceSet: { shopMoney: { amount: `${n}.00`, currencyCode: "USD" }, presentmentMoney: { amount: `${n}.00`, currencyCode: "USD" } },
    refunds:
      n % 10 === 0
        ? [{ id: `gid://shopify/Refund/${n}`, createdAt: "2026-01-02T10:00:00Z", totalRefundedSet: { shopMoney: { amount: "1.00", currencyCode: "USD" } } }]
        : [],
  });
}

const LINES = 1_200;
const body = `${Array.from({ length: LINES }, (_, i) => orderLine(i + 1)).join("\n")}\n`;
let server: Server | undefined;

/** Serves the JSONL file; the first `failures` downloads are cut off after `cutAfter` bytes. */
async function serve(failures: number, cutAfter: number): Promise<string> {
  let served = 0;
  server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/jsonl", "Content-Length": String(Buffer.byteLength(body)) });
    if (served++ < failures) {
      res.write(body.slice(0, cutAfter));
      setTimeout(() => res.destroy(), 20);
    } else res.end(body);
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/result.jsonl`;
}

afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

test("an import cut off midway resumes after the last saved line and ends with every row once", async () => {
  const url = await serve(1, Math.floor(body.length * 0.6));
  const record = await db.bulkImport.create({
    data: { shop, kind: "orders", operationId: "gid://shopify/BulkOperation/1", status: "importing", url, createdAt: new Date(), updatedAt: new Date() },
  });

  await expect(importBulkResult(record, () => new Date())).rejects.toThrow();
  const saved = await db.bulkImport.findUniqueOrThrow({ where: { id: record.id } });
  // Progress is saved every 500 lines: the cut came after line 500, before line 1,200.
  expect(saved.rowsDone).toBeGreaterThanOrEqual(500);
  expect(saved.rowsDone).toBeLessThan(LINES);

  const lines = await importBulkResult(saved, () => new Date());
  expect(lines).toBe(LINES);
  expect(await db.order.count({ where: { shop } })).toBe(LINES);
  expect(await db.refund.count({ where: { shop } })).toBe(LINES / 10);
  const total = await db.order.aggregate({ where: { shop }, _sum: { netMinor: true } });
  // Σ n dollars for n = 1..1200, minus one dollar per refunded order.
  expect(total._sum.netMinor).toBe(BigInt(((LINES * (LINES + 1)) / 2) * 100 - (LINES / 10) * 100));
});
