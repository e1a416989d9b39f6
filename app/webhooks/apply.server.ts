import { onBulkOperationFinished } from "../backfill/backfill.server.ts";
import { installedJob } from "../jobs/catalog.ts";
import { jobs } from "../jobs/queue.server.ts";
import { ensureCustomer, markCustomerDeleted, upsertCustomer } from "../persistence/customers.server.ts";
import { markOrderDeleted, saveRefund, refreshOrderTotals, upsertOrder, upsertRefund } from "../persistence/orders.server.ts";
import { recordUninstall, requireBackfillAgain, updateScopes } from "../persistence/shops.server.ts";
import { requestRescoreAfterWebhooks } from "../scoring-jobs/jobs.server.ts";
import { exportCustomerData, redactCustomer, redactShop } from "../persistence/compliance.server.ts";
import { TerminalError } from "../shopify/errors.ts";
import { describeJsonError } from "./minimize.ts";
import type { RecordChange } from "../domain/record-change-set.ts";
import { readPayload, recordChangeOf } from "./record-changes.ts";
import { customerGidFromId, orderGidFromId } from "./to-domain.ts";
import { isRecordTopic, isWebhookTopic, type WebhookTopic } from "./topics.ts";
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
  await requestRescoreAfterWebhooks(webhook.shop, [webhook.topic], new Date());
  return orderGid;
}

/**
 * A delivery's change to the shop's records, without asking for the rescoring it may call for (the apply job asks
 * once per batch: requestRescoreAfterWebhooks). Returns the GID of the order it changed, if any. Every branch is
 * idempotent and order-independent: applying a delivery twice, or an older one after a newer one, leaves the same
 * state.
 */
export async function applyDelivery(webhook: StoredWebhook): Promise<string | null> {
  if (!isWebhookTopic(webhook.topic)) throw new TerminalError("Unsubscribed topic");
  const topic: WebhookTopic = webhook.topic;
  const { shop } = webhook;
  const at = webhook.triggeredAt ?? webhook.receivedAt;
  if (isRecordTopic(topic)) return applyRecordChange(shop, recordChangeOf(topic, webhook.payload, at));

  let json: unknown;
  try {
    json = parseJsonKeepingBigIntegers(webhook.payload);
  } catch (error) {
    throw new TerminalError(`${topic} payload ${describeJsonError(error)}`);
  }
  switch (topic) {
    case "app/uninstalled":
      // Applied after the merchant had already installed again: Shopify sent nothing in between,
      // and that install did not know to fetch the history again, so fetch it now.
      if ((await recordUninstall(shop, at)) === "reinstalled since" && (await requireBackfillAgain(shop))) {
        await jobs.send(installedJob, { shop });
      }
      return null;
    case "app/scopes_update":
      await updateScopes(shop, readPayload(topic, json).current.join(","));
      return null;
    case "bulk_operations/finish":
      await onBulkOperationFinished(shop, readPayload(topic, json).admin_graphql_api_id);
      return null;
    case "customers/data_request": {
      const payload = readPayload(topic, json);
      await exportCustomerData(shop, {
        requestId: payload.data_request.id,
        customerGid: customerGidFromId(payload.customer.id),
        orderGids: payload.orders_requested.map(orderGidFromId),
      });
      return null;
    }
    case "customers/redact": {
      const payload = readPayload(topic, json);
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

/** One record change by the single-record rules (persistence/orders, customers). Returns the order it changed. */
async function applyRecordChange(shop: string, change: RecordChange): Promise<string | null> {
  switch (change.kind) {
    case "order": {
      const { order, refunds } = change;
      for (const refund of refunds) await saveRefund(shop, refund);
      if (order.customerGid) await ensureCustomer(shop, order.customerGid);
      const result = await upsertOrder(shop, order);
      if (result === "stale" && refunds.length > 0) await refreshOrderTotals(shop, order.gid);
      return order.gid;
    }
    case "order deleted":
      await markOrderDeleted(shop, change.orderGid, change.at);
      return change.orderGid;
    case "refund":
      await upsertRefund(shop, change.refund);
      return change.refund.orderGid;
    case "customer":
      await upsertCustomer(shop, change.customer);
      return null;
    case "customer deleted":
      await markCustomerDeleted(shop, change.customerGid, change.at);
      return null;
  }
}
