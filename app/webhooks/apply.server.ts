import { onBulkOperationFinished } from "../backfill/backfill.server.ts";
import { installedJob } from "../jobs/catalog.ts";
import { jobs } from "../jobs/queue.server.ts";
import { ensureCustomer, markCustomerDeleted, upsertCustomer } from "../persistence/customers.server.ts";
import { markOrderDeleted, saveRefund, refreshOrderTotals, upsertOrder, upsertRefund } from "../persistence/orders.server.ts";
import { recordUninstall, requireBackfillAgain, updateScopes } from "../persistence/shops.server.ts";
import { requestRescoreAfterWebhook } from "../scoring-jobs/jobs.server.ts";
import { exportCustomerData, redactCustomer, redactShop } from "../persistence/compliance.server.ts";
import { TerminalError } from "../shopify/errors.ts";
import { describeJsonError } from "./minimize.ts";
import { PAYLOAD_SCHEMAS, describePayloadError, type PayloadOf } from "./payloads.ts";
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
 * A delivery's change to the shop's records, without asking for the rescoring it may call for (the apply job asks
 * once per batch: requestRescoreAfterWebhook). Returns the GID of the order it changed, if any. Every branch is
 * idempotent and order-independent: applying a delivery twice, or an older one after a newer one, leaves the same
 * state.
 */
export async function applyDelivery(webhook: StoredWebhook): Promise<string | null> {
  if (!isWebhookTopic(webhook.topic)) throw new TerminalError("Unsubscribed topic");
  const topic: WebhookTopic = webhook.topic;
  let json: unknown;
  try {
    json = parseJsonKeepingBigIntegers(webhook.payload);
  } catch (error) {
    throw new TerminalError(`${topic} payload ${describeJsonError(error)}`);
  }
  const { shop } = webhook;
  const at = webhook.triggeredAt ?? webhook.receivedAt;

  switch (topic) {
    case "orders/create":
    case "orders/updated":
    case "orders/paid":
    case "orders/cancelled": {
      const payload = read(topic, json);
      const order = convert(topic, () => orderFromPayload(payload));
      const refunds = convert(topic, () => payload.refunds.map(refundFromPayload));
      for (const refund of refunds) await saveRefund(shop, refund);
      if (order.customerGid) await ensureCustomer(shop, order.customerGid);
      const result = await upsertOrder(shop, order);
      if (result === "stale" && payload.refunds.length > 0) await refreshOrderTotals(shop, order.gid);
      return order.gid;
    }
    case "orders/delete": {
      const orderGid = orderGidFromId(read(topic, json).id);
      await markOrderDeleted(shop, orderGid, at);
      return orderGid;
    }
    case "refunds/create": {
      const payload = read(topic, json);
      const refund = convert(topic, () => refundFromPayload(payload));
      await upsertRefund(shop, refund);
      return refund.orderGid;
    }
    case "customers/create":
    case "customers/update": {
      const payload = read(topic, json);
      await upsertCustomer(
        shop,
        convert(topic, () => customerFromPayload(payload)),
      );
      return null;
    }
    case "customers/delete":
      await markCustomerDeleted(shop, read(topic, json).admin_graphql_api_id, at);
      return null;
    case "app/uninstalled":
      // Applied after the merchant had already installed again: Shopify sent nothing in between,
      // and that install did not know to fetch the history again, so fetch it now.
      if ((await recordUninstall(shop, at)) === "reinstalled since" && (await requireBackfillAgain(shop))) {
        await jobs.send(installedJob, { shop });
      }
      return null;
    case "app/scopes_update":
      await updateScopes(shop, read(topic, json).current.join(","));
      return null;
    case "bulk_operations/finish":
      await onBulkOperationFinished(shop, read(topic, json).admin_graphql_api_id);
      return null;
    case "customers/data_request": {
      const payload = read(topic, json);
      await exportCustomerData(shop, {
        requestId: payload.data_request.id,
        customerGid: customerGidFromId(payload.customer.id),
        orderGids: payload.orders_requested.map(orderGidFromId),
      });
      return null;
    }
    case "customers/redact": {
      const payload = read(topic, json);
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

/**
 * The delivery's payload, parsed by its topic's schema. A payload that does not parse fails for good (the same bytes
 * fail on every try), with a reason that names fields, not their values.
 */
function read<T extends WebhookTopic>(topic: T, json: unknown): PayloadOf<T> {
  const parsed = PAYLOAD_SCHEMAS[topic].safeParse(json);
  if (!parsed.success) throw new TerminalError(describePayloadError(topic, parsed.error));
  return parsed.data as PayloadOf<T>;
}

/**
 * A payload's records (pure: no I/O, so a failure is in the payload and fails for good). The error may quote a
 * value of the payload, so only the GIDs it names are kept: the schema refuses such payloads at intake already.
 */
function convert<T>(topic: WebhookTopic, from: () => T): T {
  try {
    return from();
  } catch (error) {
    const gids = error instanceof Error ? (error.message.match(/gid:\/\/shopify\/\w+\/\d+/g) ?? []) : [];
    throw new TerminalError(`${topic} payload cannot be read as the app's records${gids.length > 0 ? ` (${gids.join(", ")})` : ""}`);
  }
}
