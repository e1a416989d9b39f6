import { beforeEach, describe, expect, test } from "vitest";
import { db } from "../../app/db.server.ts";
import { redactShop } from "../../app/persistence/compliance.server.ts";
import { rescoreShop } from "../../app/scoring-jobs/rescore.server.ts";
import { samplePayload, webhookRequest, webhookRouteAction } from "../factories/webhooks.ts";
import { delegate, hasField, MODELS, sampleRow } from "../support/datamodel.ts";
import { runJobs } from "../support/jobs.ts";
import { savePushedStates } from "../../app/persistence/loyalty-push.server.ts";

const shop = "compliance.myshopify.com";
const otherShop = "neighbour.myshopify.com";

async function deliver(topic: string, payload: unknown, forShop = shop) {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const receive = await webhookRouteAction(topic);
  const response = await receive({ request: webhookRequest(`http://127.0.0.1/webhooks/${topic}`, { topic, shop: forShop, body }), params: {}, context: {} });
  expect(response.status).toBe(200);
}

function orderPayload(orderId: number, customerId: number, refundId?: number) {
  const order = samplePayload("orders/create");
  order.id = orderId;
  order.admin_graphql_api_id = `gid://shopify/Order/${orderId}`;
  order.test = false;
  order.cancelled_at = null;
  order.customer = { id: customerId, admin_graphql_api_id: `gid://shopify/Customer/${customerId}` };
  if (refundId) {
    const refund = samplePayload("refunds/create");
    refund.admin_graphql_api_id = `gid://shopify/Refund/${refundId}`;
    refund.order_id = orderId;
    order.refunds = [refund];
  }
  return order;
}

/** Rows per table that mention a shop, or a shopper of it. */
async function rowsAbout(where: { shop: string; customerGid?: string; orderGids?: string[] }) {
  const { shop: s, customerGid, orderGids = [] } = where;
  const mentions = [customerGid, ...orderGids].filter(Boolean) as string[];
  const count = async (n: Promise<number>) => n;
  return {
    customers: await count(db.customer.count({ where: { shop: s, ...(customerGid ? { gid: customerGid } : {}) } })),
    orders: await count(db.order.count({ where: { shop: s, ...(customerGid ? { OR: [{ customerGid }, { gid: { in: orderGids } }] } : {}) } })),
    refunds: await count(db.refund.count({ where: { shop: s, ...(customerGid ? { orderGid: { in: orderGids } } : {}) } })),
    dataRequests: await count(db.dataRequest.count({ where: { shop: s, ...(customerGid ? { customerGid } : {}) } })),
    scores: await count(db.customerScore.count({ where: { shop: s, ...(customerGid ? { customerGid } : {}) } })),
    segmentChanges: await count(db.customerSegmentChange.count({ where: { shop: s, ...(customerGid ? { customerGid } : {}) } })),
    scoringRuns: customerGid ? 0 : await db.scoringRun.count({ where: { shop: s } }),
    loyalty: await count(
      Promise.all([
        db.pushedState.count({ where: { shop: s, ...(customerGid ? { customerGid } : {}) } }),
        db.loyaltyOffer.count({ where: { shop: s, ...(customerGid ? { customerGid } : {}) } }),
        db.loyaltyRedemption.count({ where: { shop: s, ...(customerGid ? { customerGid } : {}) } }),
        db.loyaltyAlert.count({ where: { shop: s, ...(customerGid ? { customerGid } : {}) } }),
        db.pushAudit.count({ where: { shop: s, ...(customerGid ? { customerGid } : {}) } }),
      ]).then((counts) => counts.reduce((a, b) => a + b, 0)),
    ),
    webhookEvents: customerGid
      ? (await Promise.all(mentions.map((m) => db.webhookEvent.count({ where: { shop: s, payload: { contains: JSON.stringify(m) } } })))).reduce((a, b) => a + b, 0)
      : await db.webhookEvent.count({ where: { shop: s } }),
    sessions: customerGid ? 0 : await db.session.count({ where: { shop: s } }),
    shops: customerGid ? 0 : await db.shop.count({ where: { domain: s } }),
    bulkImports: customerGid ? 0 : await db.bulkImport.count({ where: { shop: s } }),
  };
}

const nothing = {
  customers: 0,
  orders: 0,
  refunds: 0,
  dataRequests: 0,
  scores: 0,
  segmentChanges: 0,
  scoringRuns: 0,
  loyalty: 0,
  webhookEvents: 0,
  sessions: 0,
  shops: 0,
  bulkImports: 0,
};

beforeEach(async () => {
  for (const s of [shop, otherShop]) {
    await db.shop.create({ data: { domain: s, state: "installed", installedAt: new Date() } });
    await db.session.create({ data: { id: `offline_${s}`, shop: s, state: "", accessToken: "t" } });
    await db.bulkImport.create({
      data: { shop: s, kind: "orders", operationId: `gid://shopify/BulkOperation/${s}`, status: "completed", createdAt: new Date(), updatedAt: new Date() },
    });
  }
  await deliver("orders/create", orderPayload(1001, 501, 9001));
  await deliver("orders/create", orderPayload(1002, 501));
  await deliver("orders/create", orderPayload(1003, 502));
  await deliver("orders/create", orderPayload(1004, 501), otherShop);
  await runJobs();
  for (const s of [shop, otherShop]) {
    const now = new Date();
    expect(await rescoreShop(s, { now, clock: () => now })).toMatchObject({ status: "succeeded" });
  }
  await savePushedStates(shop, [{ customerGid: "gid://shopify/Customer/501", tags: ["crm-segment-loyal", "crm-vip"] }], new Date());
  await seedLoyaltyRows(shop, "gid://shopify/Customer/501", "gid://shopify/Order/1002");
  await deliver("customers/data_request", { shop_domain: shop, customer: { id: 501 }, orders_requested: [1001], data_request: { id: 77 } });
  await runJobs();
});

/** One row of each loyalty table about the shopper: an offer, its redemption, an alert and an audit entry. */
async function seedLoyaltyRows(s: string, customerGid: string, orderGid: string): Promise<void> {
  const at = new Date();
  const offer = await db.loyaltyOffer.create({
    data: { shop: s, ruleId: "vip", customerGid, holdout: false, percentOff: 10, offeredAt: at, endsAt: at, codes: "per-shopper", code: "VIP-X", status: "created" },
  });
  await db.loyaltyRedemption.create({ data: { shop: s, orderGid, code: "VIP-X", customerGid, ruleId: "vip", offerId: offer.id, redeemedAt: at, netMinor: 100n } });
  await db.loyaltyAlert.create({ data: { shop: s, kind: "vip-lost", customerGid, scoringRunId: 1, subject: customerGid, detail: "{}", raisedAt: at } });
  await db.pushAudit.create({ data: { shop: s, at, action: "tags-add", customerGid, detail: "{}", result: "ok" } });
}

describe("customers/data_request", () => {
  test("exports everything held about the shopper, for the merchant to download", async () => {
    const request = await db.dataRequest.findFirstOrThrow({ where: { shop, requestId: "77" } });
    const document = JSON.parse(request.document);
    expect(document.customer.id).toBe("gid://shopify/Customer/501");
    expect(document.orders.map((o: { id: string }) => o.id).sort()).toEqual(["gid://shopify/Order/1001", "gid://shopify/Order/1002"]);
    expect(document.orders.find((o: { id: string }) => o.id === "gid://shopify/Order/1001").refunds).toHaveLength(1);
    expect(document.scores).toMatchObject({ customerGid: "gid://shopify/Customer/501", orderCount: 2 });
    expect(document.segmentChanges).toEqual([expect.objectContaining({ from: null, to: document.scores.segment })]);
    expect(document.setByTheApp).toMatchObject({ tags: ["crm-segment-loyal", "crm-vip"], metafields: {} });
    // The stored deliveries about the shopper: two orders and the request itself.
    expect(document.webhookDeliveries.map((d: { topic: string }) => d.topic).sort()).toEqual(["customers/data_request", "orders/create", "orders/create"]);
  });
});

describe("customers/redact", () => {
  const customerGid = "gid://shopify/Customer/501";
  const orderGids = ["gid://shopify/Order/1001", "gid://shopify/Order/1002"];

  test("leaves nothing of that shopper, and the rest untouched; a repeat is harmless", async () => {
    const before = await rowsAbout({ shop, customerGid, orderGids });
    expect(before.customers).toBe(1);
    expect(before.orders).toBe(2);
    expect(before.refunds).toBe(1);
    expect(before.dataRequests).toBe(1);
    expect(before.scores).toBe(1);
    expect(before.segmentChanges).toBe(1);
    expect(before.loyalty).toBe(5);
    // Three orders/create deliveries and the data_request, which Shopify sends with numeric ids only.
    expect(before.webhookEvents).toBeGreaterThanOrEqual(3);
    expect(await db.webhookEvent.count({ where: { shop, topic: "customers/data_request" } })).toBe(1);

    const redact = { shop_domain: shop, customer: { id: 501, email: "x@example.com", phone: "1" }, orders_to_redact: [1001, 1002] };
    await deliver("customers/redact", redact);
    await runJobs();
    await deliver("customers/redact", redact);
    await runJobs();

    expect(await rowsAbout({ shop, customerGid, orderGids })).toEqual(nothing);
    expect(await db.webhookEvent.count({ where: { shop, topic: { in: ["customers/data_request", "customers/redact"] } } })).toBe(0);
    expect(await db.order.count({ where: { shop } })).toBe(1);
    expect(await db.order.count({ where: { shop: otherShop, customerGid } })).toBe(1);
  });
});

describe("shop/redact", () => {
  test("leaves nothing of that shop in any table, and the other shop untouched", async () => {
    const before = await rowsAbout({ shop });
    expect(before).toMatchObject({ orders: 3, scores: 2, segmentChanges: 2, scoringRuns: 1 });
    await deliver("shop/redact", { shop_id: 1, shop_domain: shop });
    await runJobs();
    expect(await rowsAbout({ shop })).toEqual(nothing);
    const neighbour = await rowsAbout({ shop: otherShop });
    expect(neighbour).toMatchObject({ orders: 1, sessions: 1, shops: 1, bulkImports: 1, scores: 1, scoringRuns: 1 });
  });
});

describe("app/uninstalled", () => {
  test("deletes the shop's sessions and marks it uninstalled, keeping its data until shop/redact", async () => {
    await deliver("app/uninstalled", samplePayload("app/uninstalled"));
    await deliver("app/uninstalled", samplePayload("app/uninstalled"));
    await runJobs();
    expect(await db.session.count({ where: { shop } })).toBe(0);
    expect(await db.shop.findUniqueOrThrow({ where: { domain: shop } })).toMatchObject({ state: "uninstalled" });
    expect(await db.order.count({ where: { shop } })).toBe(3);
    expect(await db.session.count({ where: { shop: otherShop } })).toBe(1);
  });
});

describe("after customers/redact", () => {
  test("deliveries already on their way do not bring the shopper back", async () => {
    await deliver("customers/redact", { shop_domain: shop, customer: { id: 501 }, orders_to_redact: [1001, 1002] });
    await runJobs();
    // Shopify retries an older delivery, and a refund of a redacted order comes late.
    await deliver("orders/updated", orderPayload(1001, 501));
    const refund = samplePayload("refunds/create");
    refund.admin_graphql_api_id = "gid://shopify/Refund/9002";
    refund.order_id = 1002;
    await deliver("refunds/create", refund);
    await deliver("customers/update", { ...samplePayload("customers/update"), id: 501, admin_graphql_api_id: "gid://shopify/Customer/501" });
    await runJobs();
    const customerGid = "gid://shopify/Customer/501";
    const orderGids = ["gid://shopify/Order/1001", "gid://shopify/Order/1002"];
    const left = await rowsAbout({ shop, customerGid, orderGids });
    expect({ ...left, webhookEvents: 0 }).toEqual(nothing);
    // What is kept is the redaction itself: the GIDs, and no data about them.
    expect(await db.redactedSubject.count({ where: { shop } })).toBe(3);
  });
});

// The tests above check what the app writes today; these put a row in every table the data model has, so that a
// model added later without its compliance deletion fails them.
describe("every model of the data model", () => {
  /** Models whose rows of a shop are found by another field than `shop` (as in app/persistence/compliance.server.ts). */
  const SHOP_KEY_FIELDS: Record<string, string> = { Shop: "domain" };
  /** Fields that hold a shopper's GID or one of their orders' (`gid` holds the GID of the row's own object). */
  const SUBJECT_FIELDS = ["customerGid", "orderGid", "gid"];
  /** Kept by customers/redact on purpose: the redaction itself, GIDs only, so that late deliveries cannot restore them. */
  const KEPT_BY_CUSTOMER_REDACT = ["RedactedSubject"];

  const shopModels = MODELS.filter((model) => hasField(model, "shop"));

  test("each has a shop column, or its rows of a shop are found by another field", () => {
    expect(MODELS.filter((model) => !hasField(model, "shop") && !(model.name in SHOP_KEY_FIELDS)).map((model) => model.name)).toEqual([]);
  });

  test("shop/redact leaves no row of the shop in any of them, and the other shop's rows", async () => {
    for (const model of shopModels) {
      for (const s of [shop, otherShop]) await delegate(model).create({ data: sampleRow(model, { shop: s }) });
    }
    const count = async (s: string) =>
      Object.fromEntries(
        await Promise.all(MODELS.map(async (model) => [model.name, await delegate(model).count({ where: { [SHOP_KEY_FIELDS[model.name] ?? "shop"]: s } })])),
      );
    const none = Object.fromEntries(MODELS.map((model) => [model.name, 0]));
    expect(Object.entries(await count(shop)).filter(([, n]) => n === 0)).toEqual([]);

    // The rows are made up (a pending delivery of no real topic, jobs of no registered kind), so the redaction is
    // called as the shop/redact delivery calls it rather than through the inbox (the test above goes through it).
    await redactShop(shop);

    expect(await count(shop)).toEqual(none);
    const neighbour = await count(otherShop);
    expect(Object.keys(neighbour).filter((model) => neighbour[model] === 0)).toEqual([]);
  });

  test("customers/redact leaves no row holding the shopper's GID or their orders' in any of them but the redaction record", async () => {
    const customerGid = "gid://shopify/Customer/777";
    const orderGid = "gid://shopify/Order/777";
    const subjects = [customerGid, orderGid];
    const subjectModels = MODELS.filter((model) => SUBJECT_FIELDS.some((field) => hasField(model, field)));
    expect(subjectModels.map((model) => model.name)).toEqual(expect.arrayContaining(["Customer", "Order", "Refund", "CustomerScore"]));
    const values = (model: (typeof MODELS)[number]) => {
      const row: Record<string, string> = {};
      if (hasField(model, "customerGid")) row.customerGid = customerGid;
      if (hasField(model, "orderGid")) row.orderGid = orderGid;
      if (hasField(model, "gid")) row.gid = `gid://shopify/${model.name}/777`;
      return row;
    };
    for (const model of subjectModels) {
      for (const s of [shop, otherShop]) await delegate(model).create({ data: sampleRow(model, { shop: s, ...values(model) }) });
    }
    const holding = async (s: string) =>
      Object.fromEntries(
        await Promise.all(
          subjectModels.map(async (model) => {
            const fields = SUBJECT_FIELDS.filter((field) => hasField(model, field));
            return [model.name, await delegate(model).count({ where: { shop: s, OR: fields.map((field) => ({ [field]: { in: subjects } })) } })];
          }),
        ),
      );
    const before = await holding(shop);
    // Every seeded row holds a subject, but those whose only subject field is the GID of the row's own kind of
    // object. RedactedSubject is one, holding the redacted GIDs themselves; a new one must come here, saying why
    // it cannot hold a shopper's data.
    const unseen = subjectModels.filter((model) => before[model.name] === 0).map((model) => model.name);
    expect(unseen).toEqual(["RedactedSubject"]);

    await deliver("customers/redact", { shop_domain: shop, customer: { id: 777 }, orders_to_redact: [777] });
    await runJobs();

    const after = await holding(shop);
    for (const kept of KEPT_BY_CUSTOMER_REDACT) delete after[kept];
    expect(after).toEqual(Object.fromEntries(Object.keys(after).map((model) => [model, 0])));
    expect(await db.redactedSubject.count({ where: { shop, gid: { in: subjects } } })).toBe(2);
    const neighbour = await holding(otherShop);
    expect(subjectModels.filter((model) => before[model.name] > 0 && neighbour[model.name] === 0).map((model) => model.name)).toEqual([]);
  });
});
