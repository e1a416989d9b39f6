import { WebhookValidationErrorReason } from "@shopify/shopify-api";
import { validateWebhook } from "../shopify.server.ts";
import { logger } from "../logger.server.ts";
import { storeWebhook } from "../persistence/webhook-events.server.ts";
import { inboxWorker } from "./inbox-worker.server.ts";
import { minimizePayload } from "./minimize.ts";
import { COMPLIANCE_TOPICS, type WebhookTopic } from "./topics.ts";

/**
 * The whole request path of a webhook: verify the signature (401 when wrong, 400 when Shopify's
 * headers are missing, 405 for anything but POST), store the delivery once per webhook id,
 * answer 200. Applying it happens in the inbox worker, off the request path.
 *
 * The HMAC covers the body, not the headers: a delivery whose topic header is not the route's,
 * or a compliance delivery whose signed `shop_domain` is not the shop header, gets 400.
 */
export async function receiveWebhook(request: Request, routeTopic: WebhookTopic): Promise<Response> {
  if (request.method !== "POST") return new Response(undefined, { status: 405 });
  const rawBody = await request.text();
  const check = await validateWebhook({ rawBody, rawRequest: request });
  if (!check.valid) {
    return new Response(undefined, { status: check.reason === WebhookValidationErrorReason.InvalidHmac ? 401 : 400 });
  }
  const { domain: shop, webhookId, apiVersion } = check;
  const topic = request.headers.get("x-shopify-topic") ?? "";
  if (topic !== routeTopic) return new Response(`This route receives ${routeTopic}`, { status: 400 });
  if (COMPLIANCE_TOPICS.includes(routeTopic) && signedShopDomain(rawBody) !== shop) {
    return new Response("shop_domain does not match X-Shopify-Shop-Domain", { status: 400 });
  }
  const triggeredAt = request.headers.get("x-shopify-triggered-at");
  const minimized = minimizePayload(topic, rawBody);
  const stored = await storeWebhook(
    {
      shop,
      webhookId,
      topic,
      eventId: request.headers.get("x-shopify-event-id"),
      triggeredAt: triggeredAt && !Number.isNaN(Date.parse(triggeredAt)) ? new Date(triggeredAt) : null,
      apiVersion,
      payload: minimized.payload,
      ...(minimized.ok ? {} : { rejection: minimized.error }),
    },
    new Date(),
  );
  const log = logger.child({ shop, topic, webhookId });
  if (!minimized.ok) log.warn("webhook payload rejected", { error: minimized.error });
  else if (stored) inboxWorker.notify();
  else log.debug("duplicate webhook delivery ignored");
  return new Response();
}

function signedShopDomain(rawBody: string): string | null {
  try {
    const domain = (JSON.parse(rawBody) as { shop_domain?: unknown }).shop_domain;
    return typeof domain === "string" ? domain : null;
  } catch {
    return null;
  }
}
