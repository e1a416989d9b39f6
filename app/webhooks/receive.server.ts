import { WebhookValidationErrorReason } from "@shopify/shopify-api";
import { validateWebhook } from "../shopify.server.ts";
import { errorMessage, logger } from "../logger.server.ts";
import { storeWebhook } from "../persistence/webhook-events.server.ts";
import { jobs } from "../jobs/queue.server.ts";
import { applyWebhooksJob } from "../jobs/catalog.ts";
import { minimizePayload } from "./minimize.ts";
import { COMPLIANCE_TOPICS, type WebhookTopic } from "./topics.ts";

/**
 * The whole request path of a webhook: verify the signature (401 when wrong, 400 when Shopify's
 * headers are missing, 405 for anything but POST), store the delivery once per webhook id,
 * answer 200. Applying it is the shop's apply-webhooks job, off the request path.
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
  else if (stored) queueApplying(shop);
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

const shopsToApply = new Set<string>();
let queued: Promise<unknown> = Promise.resolve();

/**
 * Queues the apply-webhooks job of each shop that stored deliveries in this turn of the event loop: one send for a
 * burst, after the 200s. A send that fails loses nothing; the inbox sweep queues the job within a minute.
 */
function queueApplying(shop: string): void {
  if (shopsToApply.size === 0) {
    queued = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      const shops = [...shopsToApply];
      shopsToApply.clear();
      return Promise.all(
        shops.map((each) =>
          jobs
            .send(applyWebhooksJob, { shop: each })
            .catch((error: unknown) => logger.warn("could not queue applying webhooks; the inbox sweep will", { shop: each, error: errorMessage(error) })),
        ),
      );
    });
  }
  shopsToApply.add(shop);
}

/** Resolves when the jobs of the deliveries received so far are queued (tests and benchmarks wait for it). */
export async function applyingQueued(): Promise<void> {
  await queued;
}
