import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { adminBlockFramePage } from "./admin/admin-block-frame.ts";
import { adminLocale } from "./admin/admin-locale.ts";
import { APP_BRIDGE_STAND_IN } from "./admin/app-bridge.ts";
import { CUSTOMER_BLOCK_TARGET, customerDetailsPage } from "./admin/customer-details-page.ts";
import { customersPage } from "./admin/customers-page.ts";
import { extensionBundle } from "./admin/extension-bundle.ts";
import { adminFramePage, frameOptions } from "./admin/frame.ts";
import { moduleFor, type UiExtension } from "./admin/ui-extensions.ts";
import type { AccessTokenRegistry } from "./auth/access-tokens.ts";
import { handleAccessTokenRequest } from "./auth/token-exchange.ts";
import { ENTITY_TOO_LARGE, MAX_STAGED_UPLOAD_BYTES, type UploadAnswer } from "./bulk/staged-uploads.ts";
import type { GraphQLRequestContext } from "./graphql/handler.ts";
import { handleGraphQL } from "./graphql/handler.ts";
import { ADMIN_API_VERSION } from "./graphql/schema.ts";
import { BodyTooLargeError, parseParams, readBody, sendJson, sendText } from "./http.ts";
import { availabilityAnswer, faultAnswer } from "./store/availability.ts";
import type { ShopStore } from "./store/shop.ts";
import type { LeakyBucket } from "./throttle/leaky-bucket.ts";

/** What the HTTP routes need from the running simulator. */
export interface SimulatorRuntime {
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  tokens: AccessTokenRegistry;
  findShop(domainOrName: string): ShopStore | null;
  graphQLContext(shop: ShopStore, scopes: readonly string[]): GraphQLRequestContext;
  sessionToken(shop: string): Promise<string>;
  bulkResultFile(legacyId: number): string | null;
  acceptStagedUpload(fields: ReadonlyMap<string, string>, content: string | null): UploadAnswer;
  /** The app's admin UI extensions, which the simulated admin pages run. */
  readonly uiExtensions: readonly UiExtension[];
}

const INVALID_TOKEN = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };
const NOT_FOUND = { errors: "Not Found" };
const CORS = { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "Authorization, Content-Type" };

/**
 * The shop a request is for: the `x-simulator-shop` header set by the test/demo dispatcher, or the Host header
 * when it is a `*.myshopify.com` name.
 */
export function requestShop(req: IncomingMessage): string | null {
  const header = req.headers["x-simulator-shop"];
  if (typeof header === "string" && header) return header.toLowerCase();
  const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
  return host.endsWith(".myshopify.com") ? host : null;
}

/** The shop's bucket, refusing this one request (a THROTTLED fault) and reporting its real status. */
function refusingOnce(bucket: LeakyBucket): LeakyBucket {
  const refusing: Pick<LeakyBucket, "tryTake" | "giveBack" | "status"> = {
    tryTake: () => false,
    giveBack: (points) => bucket.giveBack(points),
    status: () => bucket.status(),
  };
  // The handler uses only these three; LeakyBucket's private fields keep a plain object from matching its type.
  return refusing as LeakyBucket;
}

async function route(runtime: SimulatorRuntime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://simulator.invalid");
  const method = req.method ?? "GET";
  const segments = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);

  if (method === "POST" && url.pathname === "/admin/oauth/access_token") {
    const shop = runtime.findShop(requestShop(req) ?? "");
    if (!shop) return sendJson(res, 404, NOT_FOUND);
    const params = parseParams(await readBody(req), req.headers["content-type"]) ?? {};
    const answer = await handleAccessTokenRequest(params, {
      shop: shop.domain,
      apiKey: runtime.apiKey,
      apiSecret: runtime.apiSecret,
      registry: runtime.tokens,
      nowMs: Date.now(),
      onInstalled: () => shop.markInstalled(),
    });
    return sendJson(res, answer.status, answer.body);
  }

  if (segments[0] === "admin" && segments[1] === "api" && segments[3] === "graphql.json" && segments.length === 4) {
    if (method !== "POST") return sendJson(res, 405, { errors: "Method Not Allowed" });
    if (segments[2] !== ADMIN_API_VERSION) return sendJson(res, 404, NOT_FOUND);
    const shop = runtime.findShop(requestShop(req) ?? "");
    if (!shop) return sendJson(res, 404, NOT_FOUND);
    const tokenHeader = req.headers["x-shopify-access-token"];
    const token = typeof tokenHeader === "string" ? runtime.tokens.lookup(shop.domain, tokenHeader, Date.now()) : null;
    if (!token) return sendJson(res, 401, INVALID_TOKEN);
    const unavailable = availabilityAnswer(shop.availability);
    if (unavailable) return sendJson(res, unavailable.status, unavailable.body, unavailable.headers);
    const fault = shop.adminFaults.shift();
    if (fault && "delayMs" in fault) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    else if (fault && "status" in fault) {
      const answer = faultAnswer(fault);
      return sendJson(res, answer.status, answer.body, answer.headers);
    }
    const body = parseParams(await readBody(req), "application/json");
    const context = runtime.graphQLContext(shop, token.scopes);
    const answer = await handleGraphQL(body, fault && "code" in fault ? { ...context, bucket: refusingOnce(context.bucket) } : context);
    return sendJson(res, answer.status, answer.body, { "X-Shopify-API-Version": ADMIN_API_VERSION, "X-Request-Id": randomUUID() });
  }

  if (method === "POST" && url.pathname === "/staged-uploads") {
    const answer = await stagedUpload(runtime, req);
    return sendText(res, answer.status, "application/xml; charset=UTF-8", answer.body);
  }

  if (method === "GET" && segments[0] === "bulk" && segments.length === 2) {
    const match = /^(\d+)\.jsonl$/.exec(segments[1] ?? "");
    const file = match ? runtime.bulkResultFile(Number(match[1])) : null;
    if (!file) return sendJson(res, 404, NOT_FOUND);
    const { size } = await stat(file);
    res.writeHead(200, { "Content-Type": "application/jsonl", "Content-Length": String(size) });
    createReadStream(file).pipe(res);
    return;
  }

  if (method === "GET" && url.pathname === "/app-bridge.js") {
    return sendText(res, 200, "text/javascript; charset=utf-8", APP_BRIDGE_STAND_IN, { "Cache-Control": "no-store", ...CORS });
  }

  if (segments[0] === "admin" && segments.length === 3 && segments[2] === "id-token") {
    if (method === "OPTIONS") {
      res.writeHead(204, CORS);
      return void res.end();
    }
    const shop = runtime.findShop(segments[1] ?? "");
    if (!shop) return sendJson(res, 404, NOT_FOUND, CORS);
    return sendText(res, 200, "text/plain; charset=utf-8", await runtime.sessionToken(shop.domain), { "Cache-Control": "no-store", ...CORS });
  }

  if (method === "GET" && segments[0] === "admin" && segments.length === 3 && segments[2] === "customers") {
    const shop = runtime.findShop(segments[1] ?? "");
    if (!shop) return sendJson(res, 404, NOT_FOUND);
    return sendText(res, 200, "text/html; charset=utf-8", customersPage(shop, url.searchParams.get("tag"), shop.now()), { "Cache-Control": "no-store" });
  }

  // A customer's details page, and the frame each block extension for it runs in: /admin/<shop>/customers/<id>[/blocks/<handle>].
  if (method === "GET" && segments[0] === "admin" && segments[2] === "customers" && (segments.length === 4 || (segments.length === 6 && segments[4] === "blocks"))) {
    const shop = runtime.findShop(segments[1] ?? "");
    const customer = shop && /^\d{1,20}$/.test(segments[3] ?? "") ? shop.customer(`gid://shopify/Customer/${segments[3]}`) : null;
    if (!shop || !customer) return sendJson(res, 404, NOT_FOUND);
    const locale = adminLocale(url.searchParams.get("locale"));
    const blocks = runtime.uiExtensions.filter((extension) => moduleFor(extension, CUSTOMER_BLOCK_TARGET));
    const html = (page: string) => sendText(res, 200, "text/html; charset=utf-8", page, { "Cache-Control": "no-store" });
    if (segments.length === 4) return html(customerDetailsPage({ shop, customer, blocks, locale, now: shop.now() }));
    const extension = blocks.find((each) => each.handle === segments[5]);
    if (!extension) return sendJson(res, 404, NOT_FOUND);
    return html(
      adminBlockFramePage({ extension, target: CUSTOMER_BLOCK_TARGET, store: segments[1] ?? "", resourceGid: customer.gid, locale, appUrl: runtime.appUrl }),
    );
  }

  // An admin UI extension's module for a target, bundled for the browser with the admin's host before it.
  if (method === "GET" && segments[0] === "ui-extensions" && segments.length === 3) {
    const extension = runtime.uiExtensions.find((each) => each.handle === segments[1]);
    const module = extension ? moduleFor(extension, (segments[2] ?? "").replace(/\.js$/, "")) : null;
    if (!module) return sendJson(res, 404, NOT_FOUND);
    return sendText(res, 200, "text/javascript; charset=utf-8", await extensionBundle(module), { "Cache-Control": "no-store" });
  }

  if (method === "GET" && segments[0] === "admin" && segments.length === 2) {
    const shop = runtime.findShop(segments[1] ?? "");
    if (!shop) return sendJson(res, 404, NOT_FOUND);
    const idToken = await runtime.sessionToken(shop.domain);
    const page = adminFramePage({ domain: shop.domain, name: shop.name }, runtime.appUrl, idToken, frameOptions(url.searchParams));
    return sendText(res, 200, "text/html; charset=utf-8", page, { "Cache-Control": "no-store" });
  }

  return sendJson(res, 404, NOT_FOUND);
}

/** A staged upload target (simulator/bulk/staged-uploads.ts): multipart/form-data, the form fields then the file. */
async function stagedUpload(runtime: SimulatorRuntime, req: IncomingMessage): Promise<UploadAnswer> {
  let body: string;
  try {
    body = await readBody(req, MAX_STAGED_UPLOAD_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return ENTITY_TOO_LARGE;
    throw error;
  }
  const form = await new Request("http://simulator.invalid/", { method: "POST", headers: { "content-type": req.headers["content-type"] ?? "" }, body })
    .formData()
    .catch(() => null);
  const fields = new Map<string, string>();
  let content: string | null = null;
  for (const [name, value] of form ?? []) {
    if (typeof value === "string") fields.set(name, value);
    else if (name === "file") content = await value.text();
  }
  return runtime.acceptStagedUpload(fields, content);
}

export function requestHandler(runtime: SimulatorRuntime) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    route(runtime, req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy(error instanceof Error ? error : undefined);
        return;
      }
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { errors: error.message });
      const message = error instanceof Error ? error.message : String(error);
      sendJson(res, 500, { errors: `Internal error in the store simulator: ${message}` });
    });
  };
}
