import { expect, test } from "vitest";
import { db } from "../../app/db.server.ts";
import { sendFlowAlerts } from "../../app/loyalty/flow-alerts.server.ts";
import { loader as homeLoader } from "../../app/routes/app._index.tsx";
import { embeddedUrl } from "../factories/session-token.ts";
import { useSimulatedStore } from "../support/simulated-store.ts";

const store = useSimulatedStore();

test("alerts go to Flow oldest first, once; one Shopify refuses is marked failed and audited, and the rest still go", async () => {
  const domain = "flow-alerts.myshopify.com";
  const shop = store.sim.createShop(domain, { currencyCode: "USD", ianaTimezone: "UTC" });
  const customer = shop.createCustomer({}, { silent: true });
  await homeLoader({ request: new Request(embeddedUrl(store.appUrl, "/app", domain, await store.sim.sessionToken(domain))), params: {}, context: {} });
  await store.settle();
  const at = new Date();
  const alert = (kind: string, customerGid: string | null, segment: string, detail: object) => ({
    shop: domain,
    kind,
    customerGid,
    segment,
    scoringRunId: 1,
    subject: customerGid ?? `segment:${segment}`,
    detail: JSON.stringify(detail),
    raisedAt: at,
  });
  await db.loyaltyAlert.createMany({
    data: [
      alert("vip-lost", customer.gid, "Loyal", { pAlive: 0.42 }),
      // A shopper deleted in Shopify since: Flow refuses the reference.
      alert("overdue", "gid://shopify/Customer/999999", "Loyal", { pAlive: 0.5 }),
      alert("segment-shrank", null, "Champions", { before: 40, after: 30, share: 0.25 }),
      { ...alert("p-alive-drop", customer.gid, "Loyal", { pAlive: 0.1 }), flowStatus: "off" },
    ],
  });

  const signal = new AbortController().signal;
  expect(await sendFlowAlerts({ shop: domain }, { now: () => at, signal })).toEqual({ sent: 2, failed: 1 });
  expect(shop.flowTriggerRuns().map((run) => run.handle)).toEqual(["clv-crm-vip-lost", "clv-crm-segment-shrank"]);
  expect(shop.flowTriggerRuns()[0]!.payload).toEqual({ customer_id: customer.legacyId, "RFM group": "Loyal", "Probability alive": 0.42 });
  const statuses = await db.loyaltyAlert.findMany({ where: { shop: domain }, orderBy: { id: "asc" }, select: { kind: true, flowStatus: true } });
  expect(statuses.map((row) => `${row.kind}:${row.flowStatus}`)).toEqual(["vip-lost:sent", "overdue:failed", "segment-shrank:sent", "p-alive-drop:off"]);
  const audit = await db.pushAudit.findMany({ where: { shop: domain, action: "flow-trigger" }, orderBy: { id: "asc" } });
  expect(audit.map((row) => row.result)).toEqual(["ok", expect.stringMatching(/^refused: payload\.customer_id: /), "ok"]);

  // Nothing is sent twice.
  expect(await sendFlowAlerts({ shop: domain }, { now: () => at, signal })).toEqual({ sent: 0, failed: 0 });
  expect(shop.flowTriggerRuns()).toHaveLength(2);
});
