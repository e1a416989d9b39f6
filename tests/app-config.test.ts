import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "smol-toml";
import { APP_METAFIELDS } from "../app/loyalty/metafields.ts";
import { describe, expect, test } from "vitest";
import { WEBHOOK_TOPICS, COMPLIANCE_TOPICS, webhookPath } from "../app/webhooks/topics.ts";

const root = resolve(import.meta.dirname, "..");
const appToml = parse(readFileSync(resolve(root, "shopify.app.toml"), "utf8"));

interface AppTomlWebhooks {
  api_version?: unknown;
  subscriptions?: { topics?: unknown; compliance_topics?: unknown; uri?: unknown }[];
}
const webhooks = (appToml.webhooks ?? {}) as AppTomlWebhooks;

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** The [[webhooks.subscriptions]] entries of shopify.app.toml. */
function subscriptions(): { topics: string[]; compliance: boolean; uri: string }[] {
  return (webhooks.subscriptions ?? []).map((entry) => ({
    topics: [...strings(entry.topics), ...strings(entry.compliance_topics)],
    compliance: entry.compliance_topics !== undefined,
    uri: typeof entry.uri === "string" ? entry.uri : "",
  }));
}

/** Remix flat-route file for a path: /webhooks/orders/create -> app/routes/webhooks.orders.create.tsx */
function routeFileFor(uri: string): string {
  return resolve(root, "app/routes", `${uri.replace(/^\//, "").replaceAll("/", ".")}.tsx`);
}

describe("shopify.app.toml", () => {
  test("uses the Admin API version defined in app/shopify.server.ts", () => {
    const server = readFileSync(resolve(root, "app/shopify.server.ts"), "utf8");
    const enumName = /export const apiVersion = ApiVersion\.(\w+);/.exec(server)?.[1];
    const versions: Record<string, string> = { October26: "2026-10", July26: "2026-07" };
    expect(enumName).toBeDefined();
    expect(webhooks.api_version).toBe(versions[enumName ?? ""]);
  });

  test("subscribes to every topic the app handles, compliance topics as such, one route each", () => {
    const subs = subscriptions();
    expect(subs.length).toBeGreaterThan(0);
    expect(subs.flatMap((s) => s.topics).sort()).toEqual([...WEBHOOK_TOPICS].sort());
    for (const sub of subs) {
      expect(sub.topics).toHaveLength(1);
      const topic = sub.topics[0] as (typeof WEBHOOK_TOPICS)[number];
      expect(sub.compliance).toBe(COMPLIANCE_TOPICS.includes(topic));
      expect(sub.uri).toBe(webhookPath(topic));
    }
  });

  test("every webhook uri has a route that exports an action", () => {
    for (const { uri } of subscriptions()) {
      const file = routeFileFor(uri);
      expect(existsSync(file), `${uri} -> ${file}`).toBe(true);
      expect(readFileSync(file, "utf8")).toMatch(/export const action/);
    }
  });

  test("declares every metafield the loyalty push writes, with its type, readable but not writable by staff", () => {
    const declared = ((appToml.customer as { metafields?: { app?: Record<string, { type: string; access?: { admin?: string } }> } })?.metafields?.app ??
      {}) as Record<string, { type: string; access?: { admin?: string } }>;
    expect(Object.keys(declared).sort()).toEqual(Object.keys(APP_METAFIELDS).sort());
    for (const [key, type] of Object.entries(APP_METAFIELDS)) {
      expect(declared[key]).toMatchObject({ type, access: { admin: "merchant_read" } });
    }
  });
});
