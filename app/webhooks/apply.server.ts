import { onBulkOperationFinished } from "../backfill/backfill.server.ts";
import { installedJob } from "../jobs/catalog.ts";
import { jobs } from "../jobs/queue.server.ts";
import { ensureCustomer, markCustomerDeleted, upsertCustomer } from "../persistence/customers.server.ts";
import { markOrderDeleted, saveRefund, refreshOrderTotals, upsertOrder, upsertRefund } from "../persistence/orders.server.ts";
import { recordUninstall, requireBackfillAgain, updateScopes } from "../persistence/shops.server.ts";
import { requestRescoreAfterWebhook } from "../scoring-jobs/jobs.server.ts";
import { exportCustomerData, redactCustomer, redactShop } from "../persistence/compliance.server.ts";
import { PAYLOAD_SCHEMAS } from "./payloads.ts";
import { customerFromPayload, customerGidFromId, orderFromPayload, orderGidFromId, refundFromPayload } from "./to-domain.ts";
import { isWebhookTopic, type WebhookTopic } from "./topics.ts";
import { parseJsonKeepingBigIntegers } from "../utils/json.ts";

export interface StoredWebhook {
  shop: string;
  topic: string;
  payload: string;
  triggeredAt: Date | null;
  receivedAt: Date;
}

/**
 * Applies one stored delivery, then asks for a (debounced) rescoring when the delivery can
 * change the shop's scores: after the change is stored, so the rescoring reads it. Returns the
 * order the delivery changed (an order topic, a refund, a deletion), whose discount-code
 * redemptions the caller brings up to date, once for a batch of deliveries (syncRedemptions).
 */
export async function applyWebhook(webhook: StoredWebhook): Promise<string | null> {
  const orderGid = await applyDelivery(webhook);
  await requestRescoreAfterWebhook(webhook.shop, webhook.topic, new Date());
  return orderGid;
}

/**
 * Every branch is idempotent and order-independent: applying a delivery twice, or an older one
 * after a newer one, leaves the same state.
 */
async function applyDelivery(webhook: StoredWebhook): Promise<string | null> {
  if (!isWebhookTopic(webhook.topic)) throw new Error(`Unsubscribed topic "${webhook.topic}"`);
  const topic: WebhookTopic = webhook.topic;
  const json = parseJsonKeepingBigIntegers(webhook.payload);
  const { shop } = webhook;
  const at = webhook.triggeredAt ?? webhook.receivedAt;

  switch (topic) {
    case "orders/create":
    case "orders/updated":
    case "orders/paid":
    case "orders/cancelled": {
      const payload = PAYLOAD_SCHEMAS[topic].parse(json);
      const order = orderFromPayload(payload);
      for (const refund of payload.refunds) await saveRefund(shop, refundFromPayload(refund));
      if (order.customerGid) await ensureCustomer(shop, order.customerGid);
      const result = await upsertOrder(shop, order);
      if (result === "stale" && payload.refunds.length > 0) await refreshOrderTotals(shop, order.gid);
      return order.gid;
    }
    case "orders/delete": {
      const orderGid = orderGidFromId(PAYLOAD_SCHEMAS[topic].parse(json).id);
      await markOrderDeleted(shop, orderGid, at);
      return orderGid;
    }
    case "refunds/create": {
      const refund = refundFromPayload(PAYLOAD_SCHEMAS[topic].parse(json));
      await upsertRefund(shop, refund);
      return refund.orderGid;
    }
    case "customers/create":
    case "customers/update":
      await upsertCustomer(shop, customerFromPayload(PAYLOAD_SCHEMAS[topic].parse(json)));
      return null;
    case "customers/delete":
      await markCustomerDeleted(shop, PAYLOAD_SCHEMAS[topic].parse(json).admin_graphql_api_id, at);
      return null;
    case "app/uninstalled":
      // Applied after the merchant had already installed again: Shopify sent nothing in between,
      // and that install did not know to fetch the history again, so fetch it now.
      if ((await recordUninstall(shop, at)) === "reinstalled since" && (await requireBackfillAgain(shop))) {
        await jobs.send(installedJob, { shop });
      }
      return null;
    case "app/scopes_update":
      await updateScopes(shop, PAYLOAD_SCHEMAS[topic].parse(json).current.join(","));
      return null;
    case "bulk_operations/finish":
      await onBulkOperationFinished(shop, PAYLOAD_SCHEMAS[topic].parse(json).admin_graphql_api_id);
      return null;
    case "customers/data_request": {
      const payload = PAYLOAD_SCHEMAS[topic].parse(json);
      await exportCustomerData(shop, {
        requestId: payload.data_request.id,
        customerGid: customerGidFromId(payload.customer.id),
        orderGids: payload.orders_requested.map(orderGidFromId),
      });
      return null;
    }
    case "customers/redact": {
      const payload = PAYLOAD_SCHEMAS[topic].parse(json);
      await redactCustomer(shop, customerGidFromId(payload.customer.id), payload.orders_to_redact.map(orderGidFromId));
      return null;
    }
    case "shop/redact":
      await redactShop(shop);
      // The job engine's own records of the shop (pg-boss keeps them outside the app's tables).
      await jobs.forgetShop(shop);
      return null;
  }
}
