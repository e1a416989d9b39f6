import { WebhookValidationErrorReason } from "@shopify/shopify-api";
import { validateWebhook } from "../shopify.server.ts";
import { errorMessage, logger } from "../logger.server.ts";
import { storeWebhook } from "../persistence/webhook-events.server.ts";
import { jobs } from "../jobs/queue.server.ts";
import { applyWebhooksJob } from "../jobs/catalog.ts";
import { shopStates } from "../persistence/shops.server.ts";
import { parseJsonKeepingBigIntegers } from "../utils/json.ts";
import { duplicatedHeader, isShopDomain, METHOD_NOT_ALLOWED, readBodyWithin, REQUIRED_SHOPIFY_HEADERS, type Refusal, refusalResponse } from "./intake-limits.ts";
import { describeJsonError, minimizeJson } from "./minimize.ts";
import { COMPLIANCE_TOPICS, isWebhookTopic, type WebhookTopic } from "./topics.ts";

/**
 * The whole request path of a webhook: check the request (decision 0009), verify the signature, store the delivery
 * once per webhook id, answer 200. Applying it is the shop's apply-webhooks job, off the request path.
 *
 * Refused, with nothing stored: a method other than POST (405, Allow: POST); a required Shopify header sent twice
 * (400); a body over WEBHOOK_BODY_LIMIT_BYTES (413, before it is read whole); an empty body (400); a wrong signature
 * (401); a missing Shopify header (400, naming it); a topic header that is not the route's (400); a shop domain that
 * is not `*.myshopify.com` (400); a body that is not JSON (400); a compliance delivery whose signed `shop_domain` is
 * not the shop header (the HMAC covers the body, not the headers: 400); any other topic for a shop that has not
 * installed the app (403).
 *
 * A signed JSON body that does not match its topic's schema (a wrong type, an amount of "abc") is answered 422 with
 * the reason, and stored as failed with only the fields the app reads, never applied.
 */
export async function receiveWebhook(request: Request, routeTopic: WebhookTopic): Promise<Response> {
  if (request.method !== "POST") return refusalResponse(METHOD_NOT_ALLOWED);
  const outcome = await receive(request, routeTopic);
  if (!("status" in outcome)) return new Response();
  logger.info("webhook refused", { route: routeTopic, status: outcome.status, reason: outcome.reason, ...outcome.logged });
  return refusalResponse(outcome);
}

type Outcome = { stored: boolean } | (Refusal & { logged?: Record<string, string> });

async function receive(request: Request, routeTopic: WebhookTopic): Promise<Outcome> {
  const duplicated = duplicatedHeader(request.headers);
  if (duplicated) return duplicated;
  const body = await readBodyWithin(request);
  if ("status" in body) return body;
  const rawBody = body.text;
  if (rawBody.length === 0) return { status: 400, reason: "The body is empty" };

  const check = await validateWebhook({ rawBody, rawRequest: request });
  if (!check.valid) return invalid(check);
  const { domain: shop, webhookId, apiVersion } = check;
  const topic = request.headers.get("x-shopify-topic") ?? "";
  if (topic !== routeTopic) {
    return {
      status: 400,
      reason: `${isWebhookTopic(topic) ? "This route does not receive that topic" : "The app does not subscribe to that topic"}; it receives ${routeTopic}`,
    };
  }
  if (!isShopDomain(shop)) return { status: 400, reason: "X-Shopify-Shop-Domain is not a *.myshopify.com shop domain" };

  let json: unknown;
  try {
    json = parseJsonKeepingBigIntegers(rawBody);
  } catch (error) {
    return { status: 400, reason: `The body ${describeJsonError(error)}`, logged: { shop, topic, webhookId } };
  }
  if (COMPLIANCE_TOPICS.includes(routeTopic)) {
    if (signedShopDomain(json) !== shop) return { status: 400, reason: "shop_domain does not match X-Shopify-Shop-Domain", logged: { shop, topic, webhookId } };
  } else if (!(await shopReceives(shop, routeTopic))) {
    return { status: 403, reason: `${shop} has not installed this app`, logged: { shop, topic, webhookId } };
  }

  const triggeredAt = request.headers.get("x-shopify-triggered-at");
  const minimized = minimizeJson(topic, json);
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
  if (!minimized.ok) {
    // Kept, failed, so that a version that accepts it can apply it; Shopify is told why (it retries, a duplicate).
    if (stored) logger.warn("webhook payload rejected", { shop, topic, webhookId, error: minimized.error });
    return { status: 422, reason: minimized.error };
  }
  if (stored) queueApplying(shop);
  else logger.debug("duplicate webhook delivery ignored", { shop, topic, webhookId });
  return { stored };
}

function invalid(check: { reason: string; missingHeaders?: string[] }): Refusal {
  switch (check.reason) {
    case WebhookValidationErrorReason.InvalidHmac:
      return { status: 401, reason: "X-Shopify-Hmac-Sha256 is not the signature of this body" };
    case WebhookValidationErrorReason.MissingHmac:
      return { status: 400, reason: "X-Shopify-Hmac-Sha256 is missing" };
    case WebhookValidationErrorReason.MissingHeaders: {
      const missing = REQUIRED_SHOPIFY_HEADERS.filter((name) => check.missingHeaders?.some((m) => m.toLowerCase() === name.toLowerCase()));
      return { status: 400, reason: `Missing ${missing.length > 0 ? missing.join(", ") : "Shopify's webhook headers"}` };
    }
    case WebhookValidationErrorReason.MissingBody:
      return { status: 400, reason: "The body is empty" };
    default:
      return { status: 400, reason: "Not a Shopify webhook delivery" };
  }
}

/**
 * Whether the app takes `topic` from `shop`: a shop it holds as installed, or, for app/uninstalled (which Shopify
 * may send again), one it has known. Compliance topics are not asked: they come for shops long gone too.
 */
async function shopReceives(shop: string, topic: WebhookTopic): Promise<boolean> {
  const state = await shopStateNow(shop);
  return state !== null && (state === "installed" || topic === "app/uninstalled");
}

let lookup: { readonly domains: Set<string>; readonly states: Promise<Map<string, string>> } | null = null;

/**
 * The shop's install state as stored now: the deliveries whose checks reach this point in one turn of the event loop
 * (a burst) are answered by one query, read after that turn, as the group commit writes them.
 */
function shopStateNow(domain: string): Promise<string | null> {
  if (!lookup) {
    const domains = new Set<string>();
    const states = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      lookup = null;
      return shopStates([...domains]);
    });
    lookup = { domains, states };
  }
  lookup.domains.add(domain);
  return lookup.states.then((states) => states.get(domain) ?? null);
}

function signedShopDomain(json: unknown): string | null {
  const domain = json !== null && typeof json === "object" ? (json as { shop_domain?: unknown }).shop_domain : undefined;
  return typeof domain === "string" ? domain : null;
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

/** Every webhook route's loader: Remix sends GET and HEAD there, and they get 405 with Allow: POST. */
export function webhookLoader(): Response {
  return refusalResponse(METHOD_NOT_ALLOWED);
}
