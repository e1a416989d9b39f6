import "@shopify/shopify-app-remix/adapters/node";
import { shopifyApi } from "@shopify/shopify-api";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { db } from "./db.server.ts";
import { env } from "./env.server.ts";
import { installedJob } from "./jobs/catalog.ts";
import { jobs } from "./jobs/queue.server.ts";
import { recordInstall } from "./persistence/shops.server.ts";
import { EncryptedSessionStorage } from "./session-storage/encrypted-session-storage.server.ts";
import { createTokenCipher } from "./session-storage/token-cipher.server.ts";

/** The Admin API version, defined here once; shopify.app.toml must name the same (a test checks). */
export const apiVersion = ApiVersion.October26;

const config = env();

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion,
  scopes: config.SCOPES.split(","),
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  // The Session table through the library's Prisma storage, with the access and refresh tokens encrypted at rest.
  sessionStorage: new EncryptedSessionStorage(
    new PrismaSessionStorage(db as unknown as ConstructorParameters<typeof PrismaSessionStorage>[0]),
    createTokenCipher({ current: config.TOKEN_ENCRYPTION_KEY, old: config.TOKEN_ENCRYPTION_KEYS_OLD }),
  ),
  distribution: AppDistribution.AppStore,
  logger: { level: config.NODE_ENV === "test" ? LogSeverity.Error : LogSeverity.Info },
  future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
  hooks: {
    // Records the install and leaves the rest (shop details, the backfill) to the installed job.
    afterAuth: async ({ session }) => {
      await recordInstall(session.shop, session.scope, new Date());
      await jobs.send(installedJob, { shop: session.shop });
    },
  },
  ...(config.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [config.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;

/**
 * Webhook signature and header checks alone. authenticate.webhook does the same and then loads
 * (and may refresh) the shop's offline session, which webhook intake does not need on its path.
 */
export const validateWebhook = shopifyApi({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion,
  hostName: new URL(config.SHOPIFY_APP_URL).host,
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error },
}).webhooks.validate;

/** The Admin GraphQL client of an authenticated request or of a shop's offline session. */
export type AdminClient = Awaited<ReturnType<typeof shopify.unauthenticated.admin>>["admin"];
