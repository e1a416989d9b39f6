import type { UiExtension } from "./admin/ui-extensions.ts";
import type { FlowTriggerDefinition } from "./flow/triggers.ts";
import type { BucketSettings } from "./throttle/leaky-bucket.ts";
import type { WebhookSubscription } from "./webhooks/subscriptions.ts";

export interface SimulatorOptions {
  /** The app's client id. */
  apiKey: string;
  /** The app's client secret: signs session tokens and webhooks. */
  apiSecret: string;
  /** Base URL of the app (webhook URIs in the toml are relative to it; the admin frame embeds `${appUrl}/app`). */
  appUrl: string;
  /** Granted access scopes, comma separated (as `[access_scopes] scopes` in the toml). */
  scopes: string;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Webhook subscriptions; they take precedence over the ones in `appTomlPath`. */
  webhookSubscriptions?: WebhookSubscription[];
  /** A `shopify.app.toml` to read `[webhooks]` from (subscriptions and `api_version`); its `extensions/` folder gives the Flow triggers and the admin UI extensions. */
  appTomlPath?: string;
  /** The app's Flow triggers; they take precedence over the `flow_trigger` extensions beside `appTomlPath`. */
  flowTriggers?: FlowTriggerDefinition[];
  /** The app's admin UI extensions (the customer details page runs its blocks); they take precedence over the `ui_extension` extensions beside `appTomlPath`. */
  uiExtensions?: UiExtension[];
  /** Factor applied to Shopify's retry delays (8 retries over 4 hours); default 1/3600, so 4 seconds in all. */
  retryDelayScale?: number;
  /** How long a delivery may take before it counts as failed; default 5000 ms, as on Shopify. */
  webhookTimeoutMs?: number;
  /** Calculated-cost bucket per app and shop; default Standard (2000 points, 100/s). `clock` in ms for tests. */
  bucket?: BucketSettings & { clock?: () => number };
  /** The store clock for created/updated timestamps; default real time. */
  now?: () => Date;
}

export const DEFAULT_RETRY_DELAY_SCALE = 1 / 3600;
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5000;

export function normalizeScopes(scopes: string): string[] {
  return [
    ...new Set(
      scopes
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}
