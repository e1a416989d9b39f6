import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { WEBHOOK_TOPICS, COMPLIANCE_TOPICS, webhookPath } from "../app/webhooks/topics.ts";

const root = resolve(import.meta.dirname, "..");
const toml = readFileSync(resolve(root, "shopify.app.toml"), "utf8");

/** The [[webhooks.subscriptions]] blocks of shopify.app.toml. */
function subscriptions(): { topics: string[]; compliance: boolean; uri: string }[] {
  return toml
    .split("[[webhooks.subscriptions]]")
    .slice(1)
    .map((block) => {
      const topics = /^\s*(compliance_topics|topics)\s*=\s*\[([^\]]*)\]/m.exec(block);
      const uri = /^\s*uri\s*=\s*"([^"]+)"/m.exec(block);
      return {
        topics: [...(topics?.[2] ?? "").matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? ""),
        compliance: topics?.[1] === "compliance_topics",
        uri: uri?.[1] ?? "",
      };
    });
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
    expect(/^\s*api_version\s*=\s*"([^"]+)"/m.exec(toml)?.[1]).toBe(versions[enumName ?? ""]);
  });

  test("subscribes to every topic the app handles, compliance topics as such, one route each", () => {
    const subs = subscriptions();
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
});
