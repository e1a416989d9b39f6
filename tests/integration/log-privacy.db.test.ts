/**
 * Logs carry shop and ids, never personal data (decision 0004): the app's logger, at debug level, through a shop's
 * install on the store simulator, its backfill, webhooks of every kind the simulator sends (new shoppers, changed
 * names and emails, orders, refunds with notes, a data request, a redaction, deliveries sent twice or badly signed)
 * and the customers page searching Shopify by a shopper's email; then no line holds any of the simulator's personal
 * values (its shoppers' names, emails, phones and notes, and whatever personal field its payloads carry).
 */
import { expect, test, vi } from "vitest";
import { db } from "../../app/db.server.ts";
import { loader as customersLoader } from "../../app/routes/app.customers._index.tsx";
import { loader as homeLoader } from "../../app/routes/app._index.tsx";
import { rescoreShop } from "../../app/scoring-jobs/rescore.server.ts";
import { seededRandom } from "../../simulator/random.ts";
import type { CustomerInput } from "../../simulator/store/types.ts";
import { embeddedUrl } from "../factories/session-token.ts";
import { collectPersonalData, describeLeaks, emptyPersonalData, findPersonalData } from "../support/personal-data.ts";
import { useSimulatedStore } from "../support/simulated-store.ts";

// The app's own logger, at debug level, writing into `logged`.
const logged = vi.hoisted(() => [] as string[]);
vi.mock("../../app/logger.server.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../app/logger.server.ts")>();
  return { ...real, logger: real.createLogger({ write: (line: string) => void logged.push(line) }, { level: "debug" }) };
});

const domain = "log-privacy.myshopify.com";
const SEED = 20260611;
const FIRST = ["Amelia", "Bjørn", "Chioma", "Dmitri", "Eun-ji", "Fatima", "Gabriel", "Hana", "지우", "Jakob"];
const LAST = ["Okafor", "Lindqvist", "Hernández", "O'Brien", "Tanaka", "김", "Novak", "Rossi"];

const store = useSimulatedStore();

test("an install, a backfill, webhooks and the customers page log no personal value of the simulator's shoppers", async () => {
  const rand = seededRandom(SEED);
  console.info(`log-privacy seed ${SEED}`);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)] as T;
  let serial = 0;
  const person = (): CustomerInput => {
    serial += 1;
    const first = pick(FIRST);
    const last = pick(LAST);
    return {
      firstName: first,
      lastName: last,
      email: `${first.toLowerCase()}.${serial}@shopper-mail.example`,
      phone: `+1555${String(1_000_000 + Math.floor(rand() * 8_999_999))}`,
      note: `Call ${first} after 6pm; lives at ${10 + serial} Quarry Lane`,
    };
  };

  const shop = store.sim.createShop(domain, { currencyCode: "EUR", ianaTimezone: "Europe/Berlin" });
  // A history for the backfill.
  const customers = Array.from({ length: 25 }, () => shop.createCustomer(person(), { silent: true }).gid);
  for (let i = 0; i < 80; i++) {
    const placed = new Date(Date.UTC(2025, 0, 1) + Math.floor(rand() * 300) * 86_400_000);
    const customer = pick(customers);
    const order = shop.createOrder(
      {
        customerGid: customer,
        totalMinor: 1_000 + Math.floor(rand() * 20_000),
        createdAt: placed,
        email: shop.customer(customer)?.email ?? null,
        note: "Leave at the back door",
      },
      { silent: true },
    );
    if (rand() < 0.1) shop.refundOrder(order.gid, { amountMinor: 500, note: `Refunded to ${shop.customer(customer)?.firstName}` }, { silent: true });
  }

  // Install: Shopify admin opens the app; the token exchange and the backfill follow.
  const token = await store.sim.sessionToken(domain);
  await homeLoader({ request: new Request(embeddedUrl(store.appUrl, "/app", domain, token)), params: {}, context: {} });

  // Webhooks while the backfill runs, some sent twice, some preceded by a badly signed copy.
  store.sim.setWebhookMode({ duplicates: true, badSignature: true });
  const newcomers = Array.from({ length: 6 }, () => shop.createCustomer(person()).gid);
  store.sim.setWebhookMode({ duplicates: false, badSignature: false });
  for (const gid of newcomers.slice(0, 3)) shop.updateCustomer(gid, { ...person(), tags: ["newsletter"] });
  for (let i = 0; i < 12; i++) {
    const customer = pick([...customers, ...newcomers]);
    const order = shop.createOrder({ customerGid: customer, totalMinor: 2_000 + i * 100, email: shop.customer(customer)?.email ?? null, note: "Gift wrap, please" });
    if (i % 4 === 0) shop.refundOrder(order.gid, { amountMinor: 700, note: `Damaged parcel, ${shop.customer(customer)?.lastName} called` });
    if (i % 5 === 0) shop.cancelOrder(order.gid);
  }
  shop.requestCustomerData(customers[0] as string);
  shop.redactCustomer(customers[1] as string);
  await store.settle();
  expect(await db.shop.findUniqueOrThrow({ where: { domain } })).toMatchObject({ backfillStatus: "completed" });
  expect(await db.order.count({ where: { shop: domain } })).toBeGreaterThan(80);

  // The customers page: a rescoring to list, the names of the rows asked of Shopify, a search by a shopper's email.
  const now = new Date();
  expect(await rescoreShop(domain, { now, clock: () => now })).toMatchObject({ status: "succeeded" });
  const searched = shop.customer(shop.orders()[0]?.customerGid ?? "")?.email ?? "";
  for (const path of ["/app/customers", `/app/customers?q=${encodeURIComponent(searched)}`]) {
    const page = (await customersLoader({
      request: new Request(embeddedUrl(store.appUrl, path, domain, await store.sim.sessionToken(domain))),
      params: {},
      context: {},
    })) as {
      names: Record<string, string>;
    };
    expect(Object.keys(page.names).length).toBeGreaterThan(0);
  }

  // The simulator's personal values: its shoppers' records, and every personal field of the payloads it sent.
  const personal = emptyPersonalData();
  for (const customer of shop.customers())
    collectPersonalData(
      { first_name: customer.firstName, last_name: customer.lastName, email: customer.email, phone: customer.phone, note: customer.note },
      personal,
    );
  for (const order of shop.orders()) collectPersonalData({ email: order.email }, personal);
  const deliveries = store.sim.deliveries();
  expect(deliveries.every((delivery) => delivery.body !== "")).toBe(true);
  for (const delivery of deliveries) collectPersonalData(JSON.parse(delivery.body), personal);
  expect(personal.values.size).toBeGreaterThan(60);
  expect([...personal.values]).toContain(searched);

  // The log saw the run: the refused copies, the rescoring and a line per shop at least.
  expect(logged.some((line) => line.includes('"webhook refused"') && line.includes('"status":401'))).toBe(true);
  expect(logged.some((line) => line.includes('"rescored"'))).toBe(true);
  const leaks = findPersonalData(
    logged.map((line) => ({ where: "log", text: line })),
    personal,
  );
  expect(leaks, describeLeaks(leaks)).toEqual([]);
});
