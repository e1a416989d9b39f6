import "@shopify/shopify-app-remix/adapters/node";
import { shopifyApi } from "@shopify/shopify-api";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { appError } from "./admin/app-error.ts";
import { db } from "./db.server.ts";
import { env } from "./env.server.ts";
import { installedJob } from "./jobs/catalog.ts";
import { jobs } from "./jobs/queue.server.ts";
import { errorMessage, logger } from "./logger.server.ts";
import { recordInstall } from "./persistence/shops.server.ts";
import { API_RESPONSE_HEADERS, frameAncestorsPolicy, withHeaders } from "./response-headers.ts";
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

/** The library's calls that need no session: webhook signatures, session tokens, shop domains. */
const api = shopifyApi({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion,
  hostName: new URL(config.SHOPIFY_APP_URL).host,
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error },
  ...(config.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [config.SHOP_CUSTOM_DOMAIN] } : {}),
});

/**
 * The shop a request comes from, for its response headers: the `dest` of its session token (the Bearer header or the
 * `id_token` parameter) when the token is valid, else its `shop` parameter when that is a shop domain, else null.
 */
export async function requestShop(request: Request): Promise<string | null> {
  return (await tokenShop(request)) ?? api.utils.sanitizeShop(new URL(request.url).searchParams.get("shop") ?? "") ?? null;
}

/** The `dest` shop of the request's session token (the Bearer header or `id_token`), when the token is valid. */
async function tokenShop(request: Request): Promise<string | null> {
  const authorization = request.headers.get("authorization") ?? "";
  const token = authorization.startsWith("Bearer ") ? authorization.slice("Bearer ".length) : new URL(request.url).searchParams.get("id_token");
  if (!token) return null;
  try {
    return api.utils.sanitizeShop(new URL((await api.session.decodeSessionToken(token)).dest).hostname) ?? null;
  } catch {
    // An invalid or expired token names no shop; the request is refused on its own path.
    return null;
  }
}

/** `response` with the frame-ancestors of the embedded app for the request's shop (docs/decisions/0010). */
export async function withEmbeddedHeaders<R extends Response>(request: Request, response: R): Promise<R> {
  return withHeaders(response, { "Content-Security-Policy": frameAncestorsPolicy(await requestShop(request)) });
}

/**
 * The headers of every page of the embedded app (entry.server.tsx): the library's (App Bridge's preload), with its
 * frame-ancestors replaced by the app's, which also holds when the shop is known from a session token alone.
 */
export async function addDocumentResponseHeaders(request: Request, headers: Headers): Promise<void> {
  shopify.addDocumentResponseHeaders(request, headers);
  headers.set("Content-Security-Policy", frameAncestorsPolicy(await requestShop(request)));
}

/**
 * authenticate.admin, whose thrown answers (the session-token bounce page and its redirect, a 401 for a bad token,
 * the refusal of a bot) carry the app's frame-ancestors too: a redirect of a page request leaves Remix without
 * passing entry.server.tsx.
 */
const authenticateAdmin: typeof shopify.authenticate.admin = async (request) => {
  try {
    return await shopify.authenticate.admin(request);
  } catch (thrown) {
    if (thrown instanceof Response) throw await withEmbeddedHeaders(request, await refusedExchange(request, thrown));
    // The library decodes the `host` parameter unchecked (atob) and throws for one that is not base64: not from the admin.
    if (!hostIsBase64(request)) throw await withEmbeddedHeaders(request, notFromAdmin());
    throw thrown;
  }
};

/**
 * The library answers a token exchange that Shopify refused for any reason but an invalid token (a shop Shopify does
 * not know, one that no longer has the app) with a bare 500. A valid token whose shop still has no session afterwards
 * is such a refusal: a 401, as for a bad token. A 500 once the session is stored (the afterAuth hook failed) stays one.
 */
async function refusedExchange(request: Request, response: Response): Promise<Response> {
  if (response.status !== 500) return response;
  const shop = await tokenShop(request);
  if (shop === null || (await shopify.sessionStorage.loadSession(api.session.getOfflineId(shop)))) return response;
  return new Response("This shop has not installed the app.", { status: 401, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** The `host` parameter reads as the library reads it (atob), or is absent. */
function hostIsBase64(request: Request): boolean {
  const host = new URL(request.url).searchParams.get("host");
  try {
    if (host !== null) atob(host);
    return true;
  } catch {
    return false;
  }
}

/** The pages' own refusal: the page saying to open the app from Shopify admin. */
const notFromAdmin = () => appError(400, "notFromAdmin");

type RouteArgs = { request: Request };

/**
 * A resource route of the embedded app (no page: downloads, JSON, redirects, the auth paths), whose answers, thrown
 * ones and failures included, carry the frame-ancestors that entry.server.tsx gives pages; Remix sends a resource
 * route's answer as it is.
 */
export function embeddedRoute<A extends RouteArgs, R extends Response>(handler: (args: A) => Promise<R> | R): (args: A) => Promise<R | Response> {
  return async (args) => {
    try {
      return await withEmbeddedHeaders(args.request, await handler(args));
    } catch (thrown) {
      if (thrown instanceof Response) throw await withEmbeddedHeaders(args.request, thrown);
      return withEmbeddedHeaders(args.request, failed(args.request, thrown));
    }
  };
}

/**
 * A route that Shopify's admin UI extensions call with fetch (CORS): its answers, thrown ones and failures included,
 * are data that no page may frame or run (API_RESPONSE_HEADERS); the route itself adds the CORS headers with `cors()`,
 * and authenticate.admin adds them to what it throws.
 */
export function apiRoute<A extends RouteArgs, R extends Response>(handler: (args: A) => Promise<R> | R): (args: A) => Promise<R | Response> {
  return async (args) => {
    try {
      return withHeaders(await handler(args), API_RESPONSE_HEADERS);
    } catch (thrown) {
      if (thrown instanceof Response) throw withHeaders(thrown, API_RESPONSE_HEADERS);
      return withHeaders(failed(args.request, thrown), API_RESPONSE_HEADERS);
    }
  };
}

/**
 * What Remix answers a resource route that failed (its last-resort 500), here so that the answer gets its headers;
 * logged as entry.server.tsx's handleError logs the failures it sees.
 */
function failed(request: Request, error: unknown): Response {
  if (!request.signal.aborted) logger.error("request failed", { method: request.method, url: new URL(request.url).pathname, error: errorMessage(error) });
  return new Response("Unexpected Server Error", { status: 500, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export default shopify;
export const authenticate: typeof shopify.authenticate = { ...shopify.authenticate, admin: authenticateAdmin };
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;

/**
 * Webhook signature and header checks alone. authenticate.webhook does the same and then loads
 * (and may refresh) the shop's offline session, which webhook intake does not need on its path.
 */
export const validateWebhook = api.webhooks.validate;

/** The Admin GraphQL client of an authenticated request or of a shop's offline session. */
export type AdminClient = Awaited<ReturnType<typeof shopify.unauthenticated.admin>>["admin"];
