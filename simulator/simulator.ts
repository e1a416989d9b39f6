import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { AccessTokenRegistry } from "./auth/access-tokens.ts";
import { issueSessionToken } from "./auth/session-token.ts";
import { BulkMutationRunner } from "./bulk/mutation-runner.ts";
import { BulkRunner } from "./bulk/runner.ts";
import { StagedUploads, type UploadAnswer } from "./bulk/staged-uploads.ts";
import { systemClock, type Clock } from "./clock.ts";
import { flowTriggersIn, type FlowTriggerDefinition } from "./flow/triggers.ts";
import { type UiExtension, uiExtensionsIn } from "./admin/ui-extensions.ts";
import type { BulkPage, ResolverContext } from "./graphql/context.ts";
import type { GraphQLRequestContext } from "./graphql/handler.ts";
import { ADMIN_API_VERSION, adminSchema } from "./graphql/schema.ts";
import { IdSequence } from "./ids.ts";
import { DEFAULT_RETRY_DELAY_SCALE, DEFAULT_WEBHOOK_TIMEOUT_MS, normalizeScopes, type SimulatorOptions } from "./options.ts";
import { requestHandler, type SimulatorRuntime } from "./server.ts";
import type { ProtectedCustomerField } from "./store/protected-customer-fields.ts";
import { ShopStore, type SimShop } from "./store/shop.ts";
import { LeakyBucket, STANDARD_BUCKET } from "./throttle/leaky-bucket.ts";
import { WebhookDispatcher, type DeliveryRecord, type ReleaseOrder, type WebhookMode } from "./webhooks/deliver.ts";
import { webhooksFromAppToml, type WebhookSubscription } from "./webhooks/subscriptions.ts";

export interface CreateShopOptions {
  currencyCode?: string;
  ianaTimezone?: string;
  name?: string;
  /** The level 2 protected customer fields granted to the app; default all four, `[]` for an app with level 1 only. */
  protectedCustomerFields?: readonly ProtectedCustomerField[];
}

export interface Simulator {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  close(): Promise<void>;
  createShop(domain: string, options?: CreateShopOptions): SimShop;
  /** A shop by its `*.myshopify.com` domain (or the part before it); throws when there is none. */
  shop(domain: string): SimShop;
  /** A session token for `shop` as Shopify admin issues it; `claims` override or add claims. */
  sessionToken(shop: string, claims?: Partial<Record<string, unknown>>): Promise<string>;
  /** Resolves when no webhook delivery is queued, in flight or waiting for a retry (held ones excepted). */
  webhooksSettled(): Promise<void>;
  deliveries(): DeliveryRecord[];
  setWebhookMode(mode: WebhookMode): void;
  releaseHeld(order?: ReleaseOrder): void;
  /** The access and refresh tokens it has issued: tests look up whether a value is a live token of a shop. */
  readonly tokens: AccessTokenRegistry;
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

function shopDomain(domainOrName: string): string {
  const lower = domainOrName.trim().toLowerCase();
  return lower.includes(".") ? lower : `${lower}.myshopify.com`;
}

function subscriptionsFrom(options: SimulatorOptions): { apiVersion: string; subscriptions: WebhookSubscription[] } {
  const toml = options.appTomlPath ? webhooksFromAppToml(readFileSync(options.appTomlPath, "utf8")) : null;
  return {
    apiVersion: toml?.apiVersion ?? ADMIN_API_VERSION,
    subscriptions: options.webhookSubscriptions ?? toml?.subscriptions ?? [],
  };
}

/** Numeric app id standing in for Shopify's, stable per API key: `$app` metafields live in `app--<id>`. */
function appId(apiKey: string): number {
  return Number.parseInt(createHash("sha256").update(apiKey).digest("hex").slice(0, 8), 16);
}

class RunningSimulator implements Simulator, SimulatorRuntime {
  url = "";
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly appUrl: string;
  readonly tokens: AccessTokenRegistry;
  private readonly clock: Clock;
  private readonly ids = new IdSequence();
  private readonly schema = adminSchema();
  private readonly shops = new Map<string, ShopStore>();
  private readonly buckets = new Map<string, LeakyBucket>();
  private readonly webhooks: WebhookDispatcher;
  private readonly bulk: BulkRunner;
  private readonly bulkMutations: BulkMutationRunner;
  private readonly stagedUploads = new StagedUploads(() => this.url);
  private readonly directory = mkdtempSync(join(tmpdir(), "store-simulator-"));
  private readonly server: Server;

  private readonly options: SimulatorOptions;
  private readonly flowTriggers: ReadonlyMap<string, FlowTriggerDefinition>;
  readonly uiExtensions: readonly UiExtension[];

  constructor(options: SimulatorOptions) {
    this.options = options;
    const triggers = options.flowTriggers ?? (options.appTomlPath ? flowTriggersIn(join(dirname(options.appTomlPath), "extensions")) : []);
    this.flowTriggers = new Map(triggers.map((trigger) => [trigger.handle, trigger]));
    this.uiExtensions = options.uiExtensions ?? (options.appTomlPath ? uiExtensionsIn(join(dirname(options.appTomlPath), "extensions")) : []);
    this.apiKey = options.apiKey;
    this.apiSecret = options.apiSecret;
    this.appUrl = options.appUrl;
    this.clock = options.now ?? systemClock;
    this.tokens = new AccessTokenRegistry(normalizeScopes(options.scopes));
    const { apiVersion, subscriptions } = subscriptionsFrom(options);
    this.webhooks = new WebhookDispatcher({
      appUrl: options.appUrl,
      apiSecret: options.apiSecret,
      apiVersion,
      subscriptions,
      retryDelayScale: options.retryDelayScale ?? DEFAULT_RETRY_DELAY_SCALE,
      timeoutMs: options.webhookTimeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS,
    });
    this.bulk = new BulkRunner({
      schema: this.schema,
      directory: this.directory,
      fileUrl: (legacyId) => `${this.url}/bulk/${legacyId}.jsonl`,
      contextFor: (shop, scopes, page) => this.resolverContext(shop, scopes, page),
      track: (work) => this.webhooks.track(work),
    });
    this.bulkMutations = new BulkMutationRunner({
      schema: this.schema,
      directory: this.directory,
      fileUrl: (legacyId) => `${this.url}/bulk/${legacyId}.jsonl`,
      uploads: this.stagedUploads,
      contextFor: (shop, scopes) => this.resolverContext(shop, scopes, null),
      track: (work) => this.webhooks.track(work),
    });
    this.server = createServer(requestHandler(this));
    this.server.keepAliveTimeout = 5_000;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port ?? 0, "127.0.0.1", () => resolve());
    });
    const address = this.server.address();
    if (!address || typeof address === "string") throw new Error("The store simulator did not get a TCP port");
    this.url = `http://127.0.0.1:${address.port}`;
  }

  async close(): Promise<void> {
    this.webhooks.close();
    await this.bulk.close();
    await this.bulkMutations.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    rmSync(this.directory, { recursive: true, force: true });
  }

  createShop(domain: string, options: CreateShopOptions = {}): SimShop {
    const normalized = shopDomain(domain);
    if (!SHOP_DOMAIN.test(normalized)) throw new Error(`"${domain}" is not a *.myshopify.com shop domain`);
    if (this.shops.has(normalized)) throw new Error(`Shop ${normalized} already exists`);
    const storeName = normalized.replace(/\.myshopify\.com$/, "");
    const shop = new ShopStore(
      {
        domain: normalized,
        name: options.name ?? storeName,
        currencyCode: options.currencyCode ?? "USD",
        ianaTimezone: options.ianaTimezone ?? "UTC",
        protectedCustomerFields: options.protectedCustomerFields,
      },
      {
        clock: this.clock,
        ids: this.ids,
        webhooks: this.webhooks,
        onUninstall: (shopDomainName) => this.tokens.revokeShop(shopDomainName),
        appNamespace: `app--${appId(this.apiKey)}`,
      },
    );
    this.shops.set(normalized, shop);
    return shop;
  }

  shop(domain: string): SimShop {
    const shop = this.findShop(domain);
    if (!shop) throw new Error(`The simulator has no shop ${shopDomain(domain)}`);
    return shop;
  }

  findShop(domainOrName: string): ShopStore | null {
    return this.shops.get(shopDomain(domainOrName)) ?? null;
  }

  sessionToken(shop: string, claims: Partial<Record<string, unknown>> = {}): Promise<string> {
    return issueSessionToken({ shop: shopDomain(shop), apiKey: this.apiKey, apiSecret: this.apiSecret, nowMs: Date.now(), claims });
  }

  graphQLContext(shop: ShopStore, scopes: readonly string[]): GraphQLRequestContext {
    return { schema: this.schema, bucket: this.bucketFor(shop.domain), resolverContext: this.resolverContext(shop, scopes, null) };
  }

  bulkResultFile(legacyId: number): string | null {
    return this.bulk.resultFile(legacyId) ?? this.bulkMutations.resultFile(legacyId);
  }

  acceptStagedUpload(fields: ReadonlyMap<string, string>, content: string | null): UploadAnswer {
    return this.stagedUploads.accept(fields, content);
  }

  webhooksSettled(): Promise<void> {
    return this.webhooks.settled();
  }

  deliveries(): DeliveryRecord[] {
    return this.webhooks.deliveries();
  }

  setWebhookMode(mode: WebhookMode): void {
    this.webhooks.setMode(mode);
  }

  releaseHeld(order: ReleaseOrder = "fifo"): void {
    this.webhooks.releaseHeld(order);
  }

  private resolverContext(shop: ShopStore, scopes: readonly string[], bulk: BulkPage | null): ResolverContext {
    return {
      shop,
      scopes: new Set(scopes),
      bulk,
      bulkOperations: this.bulk,
      bulkMutations: this.bulkMutations,
      stagedUploads: this.stagedUploads,
      searchWarnings: [],
      flowTriggers: this.flowTriggers,
    };
  }

  private bucketFor(domain: string): LeakyBucket {
    let bucket = this.buckets.get(domain);
    if (!bucket) {
      const settings = this.options.bucket ?? STANDARD_BUCKET;
      bucket = new LeakyBucket(
        { maximumAvailable: settings.maximumAvailable, restoreRate: settings.restoreRate },
        this.options.bucket?.clock ?? (() => performance.now()),
      );
      this.buckets.set(domain, bucket);
    }
    return bucket;
  }
}

/** Starts the store simulator on 127.0.0.1 (a free port unless `port` is given). */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const simulator = new RunningSimulator(options);
  await simulator.listen();
  return simulator;
}
