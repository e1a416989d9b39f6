import { parse, type TomlTable, type TomlValue } from "smol-toml";

export interface WebhookSubscription {
  topic: string;
  /** Absolute URL, or a path relative to the app URL (as in `shopify.app.toml`). */
  uri: string;
}

export interface AppTomlWebhooks {
  apiVersion: string | null;
  subscriptions: WebhookSubscription[];
}

function strings(value: TomlValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function isTable(value: TomlValue | undefined): value is TomlTable {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Reads `[webhooks] api_version` and every `[[webhooks.subscriptions]]` entry (`topics` and `compliance_topics`
 * with their `uri`) from the text of a `shopify.app.toml` (smol-toml's `TomlError`, with the line, when it is not TOML).
 */
export function webhooksFromAppToml(tomlText: string): AppTomlWebhooks {
  const webhooks = parse(tomlText).webhooks;
  if (!isTable(webhooks)) return { apiVersion: null, subscriptions: [] };
  const apiVersion = typeof webhooks.api_version === "string" ? webhooks.api_version : null;
  const entries = Array.isArray(webhooks.subscriptions) ? webhooks.subscriptions : [];
  const subscriptions: WebhookSubscription[] = [];
  for (const entry of entries) {
    if (!isTable(entry)) continue;
    const uri = entry.uri;
    if (typeof uri !== "string") continue;
    for (const topic of [...strings(entry.topics), ...strings(entry.compliance_topics)]) {
      subscriptions.push({ topic, uri });
    }
  }
  return { apiVersion, subscriptions };
}

/** Where a subscription delivers: relative URIs are resolved against the app URL. */
export function subscriptionUrl(appUrl: string, uri: string): string {
  if (/^https?:\/\//.test(uri)) return uri;
  return `${appUrl.replace(/\/+$/, "")}/${uri.replace(/^\/+/, "")}`;
}
