/**
 * Load and crash survival of webhook intake (issue 10, items 2 and 3): signed order deliveries at 1,000 a second over
 * HTTP to the app's web process (tests/support/webhook-app-process.ts: the webhook routes and the app's jobs, in a
 * child process), with duplicates and out-of-order updates of the same orders; then the app's orders must be the
 * store's: every order once, at its newest version, and each customer's total equal to the store's.
 *
 * The store's side is a plan made here from a seed (printed): each order is created, then updated once or twice with
 * a new total; a tenth of the deliveries are sent again with the same webhook id (Shopify's at-least-once
 * delivery), and deliveries go out shuffled, so many updates arrive after a newer version of their order.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { resolve } from "node:path";
import { Agent, request } from "undici";
import { afterEach, describe, expect, test } from "vitest";
import { db } from "../../app/db.server.ts";
import { createRandom } from "../../app/scoring/math/random.ts";
import { installShop } from "../factories/shop-history.ts";
import { samplePayload } from "../factories/webhooks.ts";
import { startCuttableProxy } from "../support/cuttable-proxy.ts";
import { TEST_APP } from "../setup/test-env.ts";

const SHOP = "soak.myshopify.com";
const SEED = 20_261_204;
const RATE_PER_SECOND = 1_000;
const IN_FLIGHT = 64;
const ANSWER_WITHIN_MS = 5_000;

interface Delivery {
  readonly topic: "orders/create" | "orders/updated";
  readonly webhookId: string;
  readonly body: string;
  readonly orderGid: string;
  readonly updatedAt: number;
}

interface Plan {
  readonly deliveries: readonly Delivery[];
  /** Per customer GID: the sum of the newest version of each of their orders, in cents. */
  readonly totals: ReadonlyMap<string, number>;
  readonly orders: number;
}

// Shopify's example order (with its personal fields, as a real delivery has them).
const SAMPLE_ORDER = samplePayload("orders/create");

function orderBody(order: number, customer: number, version: number, cents: number, createdAt: number, updatedAt: number): string {
  const amount = (cents / 100).toFixed(2);
  const money = { amount, currency_code: "USD" };
  return JSON.stringify({
    ...SAMPLE_ORDER,
    id: 7_000_000 + order,
    admin_graphql_api_id: `gid://shopify/Order/${7_000_000 + order}`,
    customer: { id: 8_000_000 + customer, admin_graphql_api_id: `gid://shopify/Customer/${8_000_000 + customer}` },
    created_at: new Date(createdAt).toISOString(),
    processed_at: new Date(createdAt).toISOString(),
    updated_at: new Date(updatedAt).toISOString(),
    cancelled_at: null,
    test: false,
    currency: "USD",
    presentment_currency: "USD",
    total_price: amount,
    total_price_set: { shop_money: money, presentment_money: money },
    refunds: [],
    note: `version ${version}`,
  });
}

/** The store's orders and the deliveries that tell the app about them, in the order they go out. */
function planDeliveries(orders: number, customers: number, seed: number, total: number): Plan {
  const random = createRandom(seed);
  const newest = new Map<string, { customer: string; cents: number; updatedAt: number }>();
  const deliveries: Delivery[] = [];
  const start = Date.parse("2026-11-27T00:00:00Z");
  for (let order = 0; order < orders; order++) {
    const customer = Math.floor(random.uniform() * customers);
    const createdAt = start + order * 60_000;
    const versions = random.uniform() < 0.25 ? 3 : 2;
    for (let version = 0; version < versions; version++) {
      const cents = 1_000 + Math.floor(random.uniform() * 20_000);
      const updatedAt = createdAt + version * 3_600_000;
      const orderGid = `gid://shopify/Order/${7_000_000 + order}`;
      deliveries.push({
        topic: version === 0 ? "orders/create" : "orders/updated",
        webhookId: `soak-${seed}-${order}-${version}`,
        body: orderBody(order, customer, version, cents, createdAt, updatedAt),
        orderGid,
        updatedAt,
      });
      newest.set(orderGid, { customer: `gid://shopify/Customer/${8_000_000 + customer}`, cents, updatedAt });
    }
  }
  // Shuffled (Fisher-Yates), then some sent again, up to `total`, each copy after its first sending.
  for (let i = deliveries.length - 1; i > 0; i--) {
    const j = Math.floor(random.uniform() * (i + 1));
    [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
  }
  const withCopies = [...deliveries];
  for (let copies = total - deliveries.length; copies > 0; copies--) {
    const original = Math.floor(random.uniform() * deliveries.length);
    const at = original + 1 + Math.floor(random.uniform() * (withCopies.length - original));
    withCopies.splice(at, 0, deliveries[original]!);
  }
  const totals = new Map<string, number>();
  for (const { customer, cents } of newest.values()) totals.set(customer, (totals.get(customer) ?? 0) + cents);
  return { deliveries: withCopies, totals, orders };
}

/** The share of deliveries that arrive after a newer version of their order was sent. */
function outOfOrderShare(deliveries: readonly Delivery[]): number {
  const newestSent = new Map<string, number>();
  let late = 0;
  for (const d of deliveries) {
    if ((newestSent.get(d.orderGid) ?? -Infinity) > d.updatedAt) late++;
    newestSent.set(d.orderGid, Math.max(newestSent.get(d.orderGid) ?? -Infinity, d.updatedAt));
  }
  return late / deliveries.length;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/** Output kept of a child process: its last lines, for a failure's message. */
function keptOutput(child: ChildProcess): () => string {
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  };
  child.stderr!.on("data", keep);
  return () => output;
}

/** Starts a web process of the app (intake only unless asked to run jobs too); resolves with its URL once it listens. */
async function startWeb(
  jobsRunIn: "web" | "worker" = "worker",
  databaseUrl = process.env.DATABASE_URL,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ["--import", "tsx", resolve("tests/support/webhook-app-process.ts")], {
    env: { ...process.env, LOG_LEVEL: "warn", JOBS_RUN_IN: jobsRunIn, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const output = keptOutput(child);
  const url = await new Promise<string>((done, fail) => {
    let stdout = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const found = /listening (\S+)/.exec(stdout);
      if (found) done(found[1]!);
      else stdout = stdout.slice(-1_000);
    });
    child.once("exit", (code) => fail(new Error(`the app exited (${code}) before listening:\n${output()}`)));
  });
  return { child, url, output };
}

/** Starts `npm run worker` (app/worker.ts): the process that applies what the web process stored. */
function startWorker(): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [resolve("app/worker.ts")], {
    env: { ...process.env, LOG_LEVEL: "warn", JOBS_RUN_IN: "worker" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.push(child);
  return { child, output: keptOutput(child) };
}

function signedHeaders(delivery: Delivery): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-shopify-topic": delivery.topic,
    "x-shopify-shop-domain": SHOP,
    "x-shopify-api-version": "2026-10",
    "x-shopify-webhook-id": delivery.webhookId,
    "x-shopify-triggered-at": new Date(delivery.updatedAt).toISOString(),
    "x-shopify-hmac-sha256": createHmac("sha256", TEST_APP.apiSecret).update(delivery.body, "utf8").digest("base64"),
  };
}

interface SendReport {
  /** Per delivery (by index in the plan): the milliseconds its answered try took. */
  readonly answerMs: number[];
  /** Webhook ids answered 200 before the app was killed. */
  readonly answeredBeforeKill: Set<string>;
  /** Tries that got no answer or not 200 (Shopify retries those). */
  readonly failedTries: number;
  /** Those tries by the status they got (0: no answer). */
  readonly failedStatuses: Map<number, number>;
  /** Deliveries answered 200, by the URL of the process that answered. */
  readonly answeredBy: Map<string, number>;
}

/**
 * Sends the plan's deliveries at RATE_PER_SECOND with at most IN_FLIGHT at once, spread over the app's processes. A try
 * that gets no 200 is tried again after a pause, as Shopify retries. `during` is called once with the number sent, when `atShare` of them are.
 */
async function send(plan: Plan, app: { urls: string[] }, during?: { atShare: number; run: () => Promise<void> }): Promise<SendReport> {
  const dispatcher = new Agent({ connections: IN_FLIGHT });
  const answerMs: number[] = new Array(plan.deliveries.length).fill(Number.NaN);
  const answeredBeforeKill = new Set<string>();
  const answeredBy = new Map<string, number>();
  const failedStatuses = new Map<number, number>();
  let failedTries = 0;
  let killed = false;
  let interruption: Promise<void> | null = null;
  const started = performance.now();
  let next = 0;
  const sender = async () => {
    for (;;) {
      const index = next++;
      if (index >= plan.deliveries.length) return;
      const due = started + (index * 1_000) / RATE_PER_SECOND;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((done) => setTimeout(done, wait));
      if (during && !interruption && index >= plan.deliveries.length * during.atShare) {
        interruption = during.run().then(() => {
          killed = true;
        });
      }
      const delivery = plan.deliveries[index]!;
      for (let tries = 0; ; tries++) {
        const tried = performance.now();
        // Spread over the app's processes; a try that failed goes to the next one.
        const url = app.urls[(index + tries) % app.urls.length]!;
        const status = await request(`${url}/webhooks/${delivery.topic}`, {
          method: "POST",
          dispatcher,
          headers: signedHeaders(delivery),
          body: delivery.body,
          headersTimeout: ANSWER_WITHIN_MS * 2,
        }).then(
          async (answer) => {
            await answer.body.dump();
            return answer.statusCode;
          },
          () => 0,
        );
        if (status === 200) {
          answerMs[index] = performance.now() - tried;
          answeredBy.set(url, (answeredBy.get(url) ?? 0) + 1);
          if (during && !killed) answeredBeforeKill.add(delivery.webhookId);
          break;
        }
        failedTries++;
        failedStatuses.set(status, (failedStatuses.get(status) ?? 0) + 1);
        await new Promise((done) => setTimeout(done, 200));
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
  await interruption;
  await dispatcher.close();
  return { answerMs, answeredBeforeKill, failedTries, failedStatuses, answeredBy };
}

/** Waits until every stored delivery of the shop is applied or failed for good. */
async function applied(within: number, output: () => string): Promise<void> {
  const deadline = Date.now() + within;
  while ((await db.webhookEvent.count({ where: { shop: SHOP, status: "pending" } })) > 0) {
    if (Date.now() > deadline) throw new Error(`deliveries still pending after ${within} ms; the app wrote:\n${output()}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

/** The app's orders against the store's: each once, each customer's total the store's, nothing failed. */
async function expectTheStoresOrders(plan: Plan): Promise<void> {
  const uniqueIds = new Set(plan.deliveries.map((d) => d.webhookId));
  expect(await db.webhookEvent.count({ where: { shop: SHOP } }), "deliveries stored once each").toBe(uniqueIds.size);
  expect(await db.webhookEvent.count({ where: { shop: SHOP, status: "failed" } })).toBe(0);
  expect(await db.order.count({ where: { shop: SHOP } }), "orders, each once").toBe(plan.orders);
  const rows = await db.order.groupBy({ by: ["customerGid"], where: { shop: SHOP }, _sum: { totalMinor: true } });
  const stored = new Map(rows.map((row) => [row.customerGid!, Number(row._sum.totalMinor)]));
  expect(stored.size).toBe(plan.totals.size);
  const differing = [...plan.totals].filter(([customer, cents]) => stored.get(customer) !== cents);
  expect(differing, "customers whose total is not the store's").toEqual([]);
}

describe("webhook intake under load", () => {
  test("5,000 deliveries at 1,000/s with duplicates and out-of-order updates: none lost, none counted twice, each answered within 5 s", async () => {
    console.log(`webhook soak seed: ${SEED}`);
    await installShop(SHOP, "UTC");
    const plan = planDeliveries(2_000, 300, SEED, 5_000);
    const copies = plan.deliveries.length - new Set(plan.deliveries.map((d) => d.webhookId)).size;
    expect(copies / plan.deliveries.length).toBeGreaterThanOrEqual(0.1);
    expect(outOfOrderShare(plan.deliveries)).toBeGreaterThanOrEqual(0.1);
    const worker = startWorker();
    const app = await startWeb();
    const report = await send(plan, { urls: [app.url] });
    expect(report.failedTries).toBe(0);
    const slowest = Math.max(...report.answerMs);
    console.log(`webhook soak: slowest answer ${Math.round(slowest)} ms`);
    expect(slowest).toBeLessThan(ANSWER_WITHIN_MS);
    await applied(420_000, worker.output);
    await expectTheStoresOrders(plan);
  }, 600_000);

  test("the app killed with SIGKILL mid-way and started again: every delivery it answered 200 is kept, and the rest arrive by retry", async () => {
    console.log(`webhook crash seed: ${SEED + 1}`);
    await installShop(SHOP, "UTC");
    const plan = planDeliveries(500, 120, SEED + 1, 1_200);
    const worker = startWorker();
    let app = await startWeb();
    const target = { urls: [app.url] };
    const report = await send(plan, target, {
      atShare: 0.4,
      run: async () => {
        const exited = new Promise((done) => app.child.once("exit", done));
        app.child.kill("SIGKILL");
        await exited;
        app = await startWeb();
        target.urls = [app.url];
      },
    });
    expect(report.answeredBeforeKill.size).toBeGreaterThan(0);
    // The killed process's unanswered tries, tried again.
    console.log(`webhook crash: ${report.answeredBeforeKill.size} answered before the kill, ${report.failedTries} tries failed`);
    const kept = await db.webhookEvent.findMany({ where: { shop: SHOP, webhookId: { in: [...report.answeredBeforeKill] } }, select: { webhookId: true } });
    expect(kept.length, "deliveries answered 200 before the kill, kept").toBe(report.answeredBeforeKill.size);
    await applied(420_000, worker.output);
    await expectTheStoresOrders(plan);
  }, 600_000);
});

// Several app processes share one database only on PostgreSQL (jobs on pg-boss); SQLite is one process per file.
if (process.env.TEST_DATABASE_PROVIDER === "postgresql") {
  describe("several app processes on PostgreSQL", () => {
    test("3 processes take deliveries and run the jobs; one killed mid-way, the others take up its share and its jobs", async () => {
      console.log(`webhook scale-out seed: ${SEED + 2}`);
      await installShop(SHOP, "UTC");
      const plan = planDeliveries(500, 120, SEED + 2, 1_200);
      const apps = await Promise.all([startWeb("web"), startWeb("web"), startWeb("web")]);
      const target = { urls: apps.map((app) => app.url) };
      const report = await send(plan, target, {
        atShare: 0.4,
        run: async () => {
          const victim = apps[1]!;
          const exited = new Promise((done) => victim.child.once("exit", done));
          victim.child.kill("SIGKILL");
          await exited;
          target.urls = [apps[0]!.url, apps[2]!.url];
        },
      });
      console.log(`webhook scale-out: ${report.answeredBeforeKill.size} answered before the kill, ${report.failedTries} tries failed`);
      const kept = await db.webhookEvent.count({ where: { shop: SHOP, webhookId: { in: [...report.answeredBeforeKill] } } });
      expect(kept, "deliveries answered 200 before the kill, kept").toBe(report.answeredBeforeKill.size);
      // Every process answered deliveries, the killed one before it was killed.
      for (const app of apps) expect(report.answeredBy.get(app.url) ?? 0, app.url).toBeGreaterThan(50);
      await applied(420_000, () => apps.map((app) => app.output()).join("\n"));
      await expectTheStoresOrders(plan);
    }, 600_000);
  });

  describe("PostgreSQL gone and back", () => {
    test("the database unreachable for 3 s mid-way (connections reset, the port closed): each delivery is stored or answered 5xx, and none is lost", async () => {
      console.log(`webhook database-outage seed: ${SEED + 3}`);
      await installShop(SHOP, "UTC");
      const plan = planDeliveries(500, 120, SEED + 3, 1_200);
      const direct = new URL(process.env.DATABASE_URL!);
      const proxy = await startCuttableProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
      try {
        const viaProxy = new URL(direct);
        viaProxy.host = proxy.address;
        // The web process stores and applies (its jobs on pg-boss), all through the proxy.
        const app = await startWeb("web", viaProxy.toString());
        const report = await send(
          plan,
          { urls: [app.url] },
          {
            atShare: 0.4,
            run: async () => {
              await proxy.down();
              await new Promise((done) => setTimeout(done, 3_000));
              await proxy.up();
            },
          },
        );
        console.log(`webhook database outage: tries that failed, by status: ${JSON.stringify(Object.fromEntries(report.failedStatuses))}`);
        // The outage was felt, and every try it failed was answered 5xx (Shopify retries those), not 4xx or nothing.
        expect(report.failedTries).toBeGreaterThan(0);
        for (const status of report.failedStatuses.keys()) expect(status, "the status of a failed try").toBeGreaterThanOrEqual(500);
        const kept = await db.webhookEvent.count({ where: { shop: SHOP, webhookId: { in: [...report.answeredBeforeKill] } } });
        expect(kept, "deliveries answered 200 before the outage, kept").toBe(report.answeredBeforeKill.size);
        await applied(420_000, app.output);
        await expectTheStoresOrders(plan);
        expect(app.child.exitCode, `the app kept running; it wrote:\n${app.output()}`).toBeNull();
      } finally {
        await proxy.close();
      }
    }, 600_000);
  });
}
