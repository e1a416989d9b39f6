import { expect, test } from "vitest";
import type { SimShop } from "../../simulator/index.ts";
import { seededRandom } from "../../simulator/random.ts";
import { db } from "../../app/db.server.ts";
import { rescoreShop } from "../../app/scoring-jobs/rescore.server.ts";
import { loader as homeLoader } from "../../app/routes/app._index.tsx";
import { embeddedUrl } from "../factories/session-token.ts";
import { useSimulatedStore } from "../support/simulated-store.ts";
import { runJobs } from "../support/jobs.ts";

const domain = "store-sync.myshopify.com";
const SEED = 20261123;

const store = useSimulatedStore();
const settle = () => store.settle();

function seedHistory(shop: SimShop, rand: () => number) {
  const customers = Array.from({ length: 300 }, () => shop.createCustomer({}, { silent: true }).gid);
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < 2500; i++) {
    const placed = new Date(start + Math.floor(rand() * 600) * 86_400_000 + Math.floor(rand() * 86_400_000));
    const order = shop.createOrder(
      {
        customerGid: rand() < 0.02 ? null : customers[Math.floor(rand() * customers.length)],
        totalMinor: 500 + Math.floor(rand() * 30_000),
        currency: "USD",
        test: rand() < 0.02,
        createdAt: placed,
        processedAt: placed,
      },
      { silent: true },
    );
    if (rand() < 0.08) shop.refundOrder(order.gid, { amountMinor: Math.floor(order.totalMinor * rand()) }, { silent: true });
    if (rand() < 0.03) shop.cancelOrder(order.gid, { silent: true });
  }
  return customers;
}

async function expectAppToMatchSimulator(shop: SimShop) {
  const kept = await db.order.findMany({ where: { shop: domain, deletedAt: null } });
  const truth = shop.orders();
  expect(kept.map((o) => o.gid).sort()).toEqual(truth.map((o) => o.gid).sort());
  const byGid = new Map(kept.map((o) => [o.gid, o]));
  for (const order of truth) {
    const mine = byGid.get(order.gid);
    expect({
      gid: order.gid,
      customer: mine?.customerGid ?? null,
      total: Number(mine?.totalMinor),
      refunded: Number(mine?.refundedMinor),
      cancelled: Boolean(mine?.cancelledAt),
      test: mine?.test,
    }).toEqual({
      gid: order.gid,
      customer: order.customerGid,
      total: order.totalMinor,
      refunded: order.refundedMinor,
      cancelled: Boolean(order.cancelledAt),
      test: order.test,
    });
  }
  // Per-customer totals as the app shows them: the historic CLV of a rescoring.
  await runJobs();
  const now = new Date();
  expect(await rescoreShop(domain, { now, clock: () => now })).toMatchObject({ status: "succeeded" });
  const scores = await db.customerScore.findMany({ where: { shop: domain }, select: { customerGid: true, historicClvMinor: true } });
  const mine = new Map(scores.map((s) => [s.customerGid, Number(s.historicClvMinor)]));
  const expected = shop.netSpendByCustomer();
  for (const [gid, net] of expected) expect([gid, mine.get(gid) ?? 0]).toEqual([gid, net]);
  for (const [gid, net] of mine) expect([gid, expected.get(gid) ?? "unknown to the store"]).toEqual([gid, net]);
}

test("install, backfill and webhooks leave the app with the store's own orders and totals", async () => {
  const rand = seededRandom(SEED);
  console.info(`store-sync seed ${SEED}`);
  const shop = store.sim.createShop(domain, { currencyCode: "USD", ianaTimezone: "America/New_York" });
  const customers = seedHistory(shop, rand);
  const pick = () => customers[Math.floor(rand() * customers.length)] as string;

  // Install: Shopify admin opens the app with a session token; the app exchanges it for an
  // offline token and starts the backfill.
  const home = await homeLoader({
    request: new Request(embeddedUrl(store.appUrl, "/app", domain, await store.sim.sessionToken(domain))),
    params: {},
    context: {},
  });
  expect(home).toMatchObject({ shop: domain });
  expect(await db.session.count({ where: { shop: domain } })).toBe(1);

  // Webhooks while the backfill runs: new orders and refunds of old ones.
  for (let i = 0; i < 40; i++) shop.createOrder({ customerGid: pick(), totalMinor: 1_000 + i });
  for (const order of shop.orders().slice(0, 20)) {
    if (!order.cancelledAt && order.refundedMinor < order.totalMinor) shop.refundOrder(order.gid, { amountMinor: 100 });
  }
  await settle();
  const shopRow = await db.shop.findUniqueOrThrow({ where: { domain } });
  expect(shopRow).toMatchObject({ backfillStatus: "completed", currencyCode: "USD", ianaTimezone: "America/New_York" });
  await expectAppToMatchSimulator(shop);

  // Duplicates: every delivery sent twice.
  store.sim.setWebhookMode({ duplicates: true });
  for (let i = 0; i < 60; i++) {
    const order = shop.createOrder({ customerGid: pick(), totalMinor: 2_000 + i, financialStatus: i % 3 === 0 ? "pending" : "paid" });
    if (i % 3 === 0) shop.payOrder(order.gid);
  }
  store.sim.setWebhookMode({ duplicates: false });
  await settle();

  // Out of order: updates before creates, a refund before its order, a cancellation.
  store.sim.setWebhookMode({ hold: true });
  const late = shop.createOrder({ customerGid: pick(), totalMinor: 9_999 });
  shop.refundOrder(late.gid, { amountMinor: 1_234 });
  const cancelled = shop.createOrder({ customerGid: pick(), totalMinor: 5_000 });
  shop.cancelOrder(cancelled.gid);
  for (let i = 0; i < 30; i++) {
    const order = shop.createOrder({ customerGid: pick(), totalMinor: 3_000 + i });
    shop.updateOrder(order.gid, { tags: ["vip"] });
  }
  const gone = shop.createOrder({ customerGid: pick(), totalMinor: 777 });
  shop.deleteOrder(gone.gid);
  const newcomer = shop.createCustomer({});
  shop.updateCustomer(newcomer.gid, { tags: ["new"] });
  store.sim.setWebhookMode({ hold: false });
  store.sim.releaseHeld("reverse");
  await settle();

  // Bad signatures: each delivery is preceded by a forged copy, which the app refuses.
  store.sim.setWebhookMode({ badSignature: true });
  for (let i = 0; i < 20; i++) shop.createOrder({ customerGid: pick(), totalMinor: 4_000 + i });
  store.sim.setWebhookMode({ badSignature: false });
  await settle();
  const forged = store.sim.deliveries().filter((d) => d.attempts.some((a) => a.status === 401));
  expect(forged.length).toBeGreaterThanOrEqual(20);

  // Deliveries wait in the inbox while no worker runs (a backlog, a crash between the 200 and applying);
  // whichever worker runs the jobs next applies them.
  for (let i = 0; i < 30; i++) shop.createOrder({ customerGid: pick(), totalMinor: 6_000 + i });
  await store.sim.webhooksSettled();
  expect(await db.webhookEvent.count({ where: { status: "pending" } })).toBeGreaterThanOrEqual(30);
  await settle();

  expect(await db.webhookEvent.count({ where: { status: "failed" } })).toBe(0);
  const delivered = new Set(
    store.sim
      .deliveries()
      .filter((d) => d.shop === domain)
      .map((d) => d.webhookId),
  );
  expect(await db.webhookEvent.count({ where: { shop: domain } })).toBe(delivered.size);
  expect(shop.orders().length).toBeGreaterThan(2_600);
  await expectAppToMatchSimulator(shop);
}, 180_000);
