/**
 * Tenant isolation, route by route (issue 10, item 5): every file of app/routes is in the table below (a new route
 * fails the last test until it is listed), each with the requests that reach it, asked of the whole app as Remix
 * serves it (tests/support/remix-app.ts) with the store simulator behind it. Shop B holds distinctive values (MARKS);
 * each request is made three ways:
 *
 * - with shop B's own session token: B's answer shows the marks the route shows, so that the checks below would see them;
 * - with shop A's valid session token, aimed at B's records (B's ids, `shop=` B): a 404 or A's own data, no mark of
 *   B's, and none of B's rows changed;
 * - with tokens that must be refused (expired, not yet valid, signed with another secret, for another app, for a shop
 *   that has no session and that Shopify does not know): a 401 or a redirect to the library's auth paths, never a 200
 *   with data and never a 500, no mark of B's, and no row of any shop changed.
 *
 * Webhook routes authenticate by HMAC, not by session token (their corpus is webhook-hostile-input.db.test.ts); here a
 * webhook request that carries a valid session token and no valid signature is refused and stores nothing.
 */
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { db } from "../../app/db.server.ts";
import { DEFAULT_LOYALTY_RULES } from "../../app/loyalty/rules.ts";
import { saveLoyaltyRules } from "../../app/loyalty/settings.server.ts";
import { embeddedUrl, sessionToken } from "../factories/session-token.ts";
import { webhookRequest } from "../factories/webhooks.ts";
import { delegate, hasField, MODELS } from "../support/datamodel.ts";
import { remixApp } from "../support/remix-app.ts";
import { useSimulatedStore } from "../support/simulated-store.ts";

const store = useSimulatedStore();
const A = "tenant-a.myshopify.com";
const B = "tenant-b.myshopify.com";
/** A shop Shopify does not know and the app holds no session of: a token for it is signed right and useless. */
const NOBODY = "tenant-nobody.myshopify.com";
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";
const DAY = 86_400_000;
const ROUTES_DIR = resolve(import.meta.dirname, "../../app/routes");

/** What shop B holds that no one else may see, as B's answers show it. */
const MARKS = {
  /** B's shopper's name, in Shopify (the simulator) only. */
  name: "Quillfeather",
  /** B's time zone. */
  timeZone: "Asia/Kathmandu",
  /** The id of B's customers/data_request, and the export's content. */
  requestId: "bsecretreq",
  document: "B-SECRET-DOC",
  /** B's shopper's discount code. */
  code: "BSECRETCODE77",
  /** B's tag prefix and the app's tag on B's shopper. */
  tag: "bvault",
  /** The result of a push to B's store, in B's audit log. */
  audit: "B-SECRET-AUDIT",
  /** B's failed rescoring's error. */
  runError: "B-SECRET-RUN",
  /** B's shopper's historic CLV (JPY, no minor digits), as pages format it and as data carries it. */
  clvShown: "8,642,531",
  clvRaw: "8642531",
} as const;
type Mark = keyof typeof MARKS;

/** B's records that the requests aim at, made anew for each test. */
interface Ids {
  customerGid: string;
  customerNumber: string;
  dataRequest: number;
  alert: number;
  /** B's settings form as the page fills it, to post back. */
  settingsForm: Record<string, string>;
}
const ids = {} as Ids;
const simCustomer: Record<string, string> = {};

let app: (request: Request) => Promise<Response>;

beforeAll(async () => {
  const shopA = store.sim.createShop(A, { currencyCode: "USD", ianaTimezone: "UTC" });
  const shopB = store.sim.createShop(B, { currencyCode: "JPY", ianaTimezone: MARKS.timeZone });
  simCustomer[A] = shopA.createCustomer({ firstName: "Ada", lastName: "Plainview" }, { silent: true }).gid;
  simCustomer[B] = shopB.createCustomer({ firstName: "Bathsheba", lastName: MARKS.name }, { silent: true }).gid;
  app = await remixApp();
});

const url = (path: string) => new URL(path, store.appUrl).toString();
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

function get(target: string, headers: Record<string, string> = {}): Request {
  return new Request(target.startsWith("http") ? target : url(target), { headers: { "User-Agent": BROWSER, ...headers } });
}

function post(target: string, token: string, form: Record<string, string>): Request {
  return new Request(url(target), {
    method: "POST",
    headers: { "User-Agent": BROWSER, "Content-Type": "application/x-www-form-urlencoded", ...bearer(token) },
    body: new URLSearchParams(form).toString(),
  });
}

/** A page as Shopify admin loads it in its frame, naming shop B whatever shop the token is for. */
const page = (path: string, token: string) => get(embeddedUrl(store.appUrl, path, B, token));
const data = (path: string, route: string, token: string) => get(`${path}${path.includes("?") ? "&" : "?"}_data=${encodeURIComponent(route)}`, bearer(token));

async function seed(shop: string, marked: boolean): Promise<void> {
  const gid = simCustomer[shop]!;
  const now = Date.now();
  await db.shop.update({
    where: { domain: shop },
    data: {
      currencyCode: marked ? "JPY" : "USD",
      ianaTimezone: marked ? MARKS.timeZone : "UTC",
      backfillStatus: "completed",
      lastRescoreAt: new Date(now),
      nextDailyRescoreAt: new Date(now + DAY),
    },
  });
  const run = await db.scoringRun.create({
    data: { shop, trigger: "requested", status: "succeeded", startedAt: new Date(now - 2 * DAY), finishedAt: new Date(now - 2 * DAY), observationEnd: "2026-11-30" },
  });
  await db.scoringRun.create({
    data: {
      shop,
      trigger: "requested",
      status: "failed",
      startedAt: new Date(now - DAY),
      finishedAt: new Date(now - DAY),
      error: marked ? MARKS.runError : "a-plain-error",
    },
  });
  const clv = marked ? BigInt(MARKS.clvRaw) : 1_500n;
  await db.customer.create({ data: { shop, gid } });
  await db.order.create({
    data: {
      shop,
      gid: `gid://shopify/Order/${marked ? 9002 : 9001}`,
      customerGid: gid,
      shopifyCreatedAt: new Date("2026-11-01T10:00:00Z"),
      processedAt: new Date("2026-11-01T10:00:00Z"),
      test: false,
      currencyCode: marked ? "JPY" : "USD",
      presentmentCurrencyCode: marked ? "JPY" : "USD",
      presentmentTotalMinor: clv,
      totalMinor: clv,
      netMinor: clv,
      sourceUpdatedAt: new Date("2026-11-01T10:00:00Z"),
    },
  });
  await db.customerScore.create({
    data: {
      shop,
      customerGid: gid,
      scoringRunId: run.id,
      scoredAt: new Date(now - 2 * DAY),
      segment: "Champions",
      rfmRecency: 5,
      rfmFrequency: 5,
      rfmMonetary: 5,
      orderCount: 1,
      firstPurchaseOn: "2026-11-01",
      lastPurchaseOn: "2026-11-01",
      historicClvMinor: clv,
      predictedClvMinor: 1_234n,
      pAlive: 0.9,
    },
  });
  const prefix = marked ? MARKS.tag : "aplain";
  await saveLoyaltyRules(shop, { ...DEFAULT_LOYALTY_RULES, tagPrefix: prefix });
  await db.pushedState.create({ data: { shop, customerGid: gid, tags: `${prefix}-vip`, pushedAt: new Date(now - DAY) } });
  await db.loyaltyOffer.create({
    data: {
      shop,
      ruleId: "vip",
      customerGid: gid,
      holdout: false,
      percentOff: 10,
      offeredAt: new Date(now - DAY),
      endsAt: new Date(now + 30 * DAY),
      codes: "per-shopper",
      code: marked ? MARKS.code : "APLAINCODE",
      status: "created",
    },
  });
  const alert = await db.loyaltyAlert.create({
    data: {
      shop,
      kind: "vip-lost",
      customerGid: gid,
      segment: "At risk",
      scoringRunId: run.id,
      subject: gid,
      detail: JSON.stringify({ tag: `${prefix}-vip`, segment: "At risk" }),
      raisedAt: new Date(now - DAY),
      flowStatus: "sent",
    },
  });
  await db.pushAudit.create({
    data: {
      shop,
      at: new Date(now - DAY),
      action: "tags-add",
      customerGid: gid,
      detail: JSON.stringify({ tags: [`${prefix}-vip`] }),
      result: marked ? MARKS.audit : "ok",
    },
  });
  const request = await db.dataRequest.create({
    data: { shop, requestId: marked ? MARKS.requestId : "aplainreq", customerGid: gid, document: JSON.stringify({ note: marked ? MARKS.document : "a-plain-doc" }) },
  });
  if (marked) {
    ids.customerGid = gid;
    ids.customerNumber = gid.split("/").at(-1)!;
    ids.dataRequest = request.id;
    ids.alert = alert.id;
  }
}

beforeEach(async () => {
  // Each shop opens the app as Shopify admin first does (token exchange, the session stored, the install recorded).
  for (const shop of [A, B]) {
    const opened = await app(data("/app", "routes/app", await store.sim.sessionToken(shop)));
    expect(opened.status, `opening the app for ${shop}`).toBe(200);
  }
  await seed(A, false);
  await seed(B, true);
  const settings = (await (await app(data("/app/settings", "routes/app.settings", sessionToken(B)))).json()) as { values: Record<string, string> };
  ids.settingsForm = { ...settings.values, dailyRescoreAt: "01:35" };
});

/** Every row the app holds of a shop (every table with a shop column, the Shop row itself), or of every shop. */
async function rows(shop?: string): Promise<string> {
  const all: Record<string, unknown[]> = {};
  for (const model of MODELS) {
    const column = model.name === "Shop" ? "domain" : hasField(model, "shop") ? "shop" : null;
    if (shop !== undefined && column === null) continue;
    const found = await (delegate(model) as unknown as { findMany(args: object): Promise<unknown[]> }).findMany(
      shop === undefined || column === null ? {} : { where: { [column]: shop } },
    );
    all[model.name] = found.map((row) => JSON.stringify(row, (_, v) => (typeof v === "bigint" ? `${v}n` : v))).sort();
  }
  return JSON.stringify(all, null, 1);
}

type Kind = "document" | "data" | "action" | "resource" | "api";

interface Case {
  readonly name: string;
  readonly kind: Kind;
  /** The request aimed at shop B's data, with this session token (signed for whichever shop). */
  readonly request: (token: string) => Request;
  /** B's own answer: its status and the marks of B's data it shows. */
  readonly own: { readonly status: number; readonly marks: readonly Mark[] };
  /** What shop A's valid token gets: B's record not found, or A's own data (200). */
  readonly cross: { readonly status: number };
  /** B's own request changes B's rows (so that the comparison of B's rows before and after sees a change). */
  readonly changesOwn?: true;
}

type Route =
  /** Pages, data, actions and the extension's API: a valid session token for the shop, or nothing. */
  | { readonly auth: "session"; readonly cases: readonly Case[] }
  /** The library's auth paths, the app's root and the health check: they read no shop's data; they answer anyone, never a mark of B's. */
  | { readonly auth: "none"; readonly cases: readonly Case[] }
  /** Webhooks: the HMAC of the body, never a session token (webhook-hostile-input.db.test.ts). */
  | { readonly auth: "hmac" };

const HMAC: Route = { auth: "hmac" };
const HOST_B = Buffer.from("admin.shopify.com/store/tenant-b").toString("base64url");

const ROUTES: Readonly<Record<string, Route>> = {
  "_index.tsx": {
    auth: "none",
    cases: [
      {
        name: "the root, sending Shopify admin on to /app",
        kind: "document",
        request: () => get(`/?shop=${B}&host=${HOST_B}`),
        own: { status: 302, marks: [] },
        cross: { status: 302 },
      },
    ],
  },
  "auth.$.tsx": {
    auth: "none",
    cases: [
      {
        name: "the session-token bounce page",
        kind: "document",
        request: () => get(`/auth/session-token?shop=${B}&host=${HOST_B}&shopify-reload=${encodeURIComponent(url("/app"))}`),
        own: { status: 200, marks: [] },
        cross: { status: 200 },
      },
    ],
  },
  // The library's other paths under /auth authenticate the request like the pages: with a valid token they answer nothing.
  "auth.$.tsx#token": {
    auth: "session",
    cases: [
      {
        name: "a path under /auth, with a token",
        kind: "data",
        request: (token) => get(`/auth/callback?shop=${B}`, bearer(token)),
        own: { status: 200, marks: [] },
        cross: { status: 200 },
      },
    ],
  },
  // The app has no login form: whoever asks is told to open the app from Shopify admin.
  "auth.login.tsx": {
    auth: "none",
    cases: [
      {
        name: "the login path",
        kind: "document",
        request: (token) => get(`/auth/login?shop=${B}`, bearer(token)),
        own: { status: 400, marks: [] },
        cross: { status: 400 },
      },
    ],
  },
  // For a load balancer: no session, no shop, only whether the database answers.
  "healthz.tsx": {
    auth: "none",
    cases: [
      {
        name: "the health check, with a token",
        kind: "resource",
        request: (token) => get(`/healthz?shop=${B}`, bearer(token)),
        own: { status: 200, marks: [] },
        cross: { status: 200 },
      },
    ],
  },
  "app.tsx": {
    auth: "session",
    cases: [
      {
        name: "the layout and dashboard page",
        kind: "document",
        request: (token) => page("/app", token),
        own: { status: 200, marks: ["timeZone", "requestId"] },
        cross: { status: 200 },
      },
      {
        name: "the layout's data",
        kind: "data",
        request: (token) => data("/app", "routes/app", token),
        own: { status: 200, marks: ["timeZone"] },
        cross: { status: 200 },
      },
    ],
  },
  "app._index.tsx": {
    auth: "session",
    cases: [
      {
        name: "the dashboard's data",
        kind: "data",
        request: (token) => data("/app?index", "routes/app._index", token),
        own: { status: 200, marks: ["requestId", "runError"] },
        cross: { status: 200 },
      },
      {
        name: '"Rescore now" on the dashboard',
        kind: "action",
        request: (token) => post("/app?index&_data=routes%2Fapp._index", token, { intent: "rescore" }),
        own: { status: 200, marks: [] },
        cross: { status: 200 },
        changesOwn: true,
      },
      {
        name: '"Retry the import" on the dashboard',
        kind: "action",
        request: (token) => post("/app?index&_data=routes%2Fapp._index", token, { intent: "retry-import" }),
        own: { status: 200, marks: [] },
        cross: { status: 200 },
      },
    ],
  },
  "app.customers._index.tsx": {
    auth: "session",
    cases: [
      {
        name: "the customers page",
        kind: "document",
        request: (token) => page("/app/customers", token),
        own: { status: 200, marks: ["name", "clvShown", "code", "tag"] },
        cross: { status: 200 },
      },
      {
        name: "the customers list's data, filtered by B's tag",
        kind: "data",
        request: (token) => data(`/app/customers?segment=Champions&tag=${MARKS.tag}-vip`, "routes/app.customers._index", token),
        own: { status: 200, marks: ["name", "clvRaw", "code"] },
        cross: { status: 200 },
      },
      {
        name: "a search for B's shopper's name",
        kind: "data",
        request: (token) => data(`/app/customers?q=${MARKS.name}`, "routes/app.customers._index", token),
        own: { status: 200, marks: ["clvRaw", "code", "tag"] },
        cross: { status: 200 },
      },
    ],
  },
  "app.customers.$id.tsx": {
    auth: "session",
    cases: [
      {
        name: "B's shopper's page",
        kind: "document",
        request: (token) => page(`/app/customers/${ids.customerNumber}`, token),
        own: { status: 200, marks: ["name", "clvShown", "code", "tag"] },
        cross: { status: 404 },
      },
      {
        name: "B's shopper's data",
        kind: "data",
        request: (token) => data(`/app/customers/${ids.customerNumber}`, "routes/app.customers.$id", token),
        own: { status: 200, marks: ["name", "clvRaw", "code", "tag"] },
        cross: { status: 404 },
      },
    ],
  },
  "app.customers[.]csv.tsx": {
    auth: "session",
    cases: [
      {
        name: "the customers CSV",
        kind: "resource",
        request: (token) => get("/app/customers.csv", bearer(token)),
        own: { status: 200, marks: ["clvRaw", "code", "tag"] },
        cross: { status: 200 },
      },
      {
        name: "the customers CSV filtered by B's tag",
        kind: "resource",
        request: (token) => get(`/app/customers.csv?tag=${MARKS.tag}-vip`, bearer(token)),
        own: { status: 200, marks: ["clvRaw", "code"] },
        cross: { status: 200 },
      },
    ],
  },
  "app.alerts.tsx": {
    auth: "session",
    cases: [
      {
        name: "the alerts page",
        kind: "document",
        request: (token) => page("/app/alerts", token),
        own: { status: 200, marks: ["name", "tag"] },
        cross: { status: 200 },
      },
      {
        name: "the alerts' data",
        kind: "data",
        request: (token) => data("/app/alerts?state=all", "routes/app.alerts", token),
        own: { status: 200, marks: ["name", "tag"] },
        cross: { status: 200 },
      },
      {
        name: "B's alert marked done",
        kind: "action",
        request: (token) => post("/app/alerts?_data=routes%2Fapp.alerts", token, { id: String(ids.alert), intent: "done" }),
        own: { status: 200, marks: [] },
        cross: { status: 404 },
        changesOwn: true,
      },
    ],
  },
  "app.audit[.]csv.tsx": {
    auth: "session",
    cases: [
      {
        name: "the push audit CSV",
        kind: "resource",
        request: (token) => get("/app/audit.csv", bearer(token)),
        own: { status: 200, marks: ["audit", "tag"] },
        cross: { status: 200 },
      },
    ],
  },
  "app.data-requests.$id.tsx": {
    auth: "session",
    cases: [
      {
        name: "B's data-request export",
        kind: "resource",
        request: (token) => get(`/app/data-requests/${ids.dataRequest}`, bearer(token)),
        own: { status: 200, marks: ["document"] },
        cross: { status: 404 },
      },
    ],
  },
  "app.progress.tsx": {
    auth: "session",
    cases: [
      {
        name: "the progress, asked directly",
        kind: "resource",
        request: (token) => get("/app/progress", bearer(token)),
        own: { status: 200, marks: ["runError"] },
        cross: { status: 200 },
      },
      {
        name: "the progress a fetcher polls",
        kind: "data",
        request: (token) => data("/app/progress", "routes/app.progress", token),
        own: { status: 200, marks: ["runError"] },
        cross: { status: 200 },
      },
    ],
  },
  "app.rescore.tsx": {
    auth: "session",
    cases: [
      {
        name: '"Rescore now"',
        kind: "action",
        request: (token) => post("/app/rescore?_data=routes%2Fapp.rescore", token, {}),
        own: { status: 200, marks: [] },
        cross: { status: 200 },
        changesOwn: true,
      },
    ],
  },
  "app.settings.tsx": {
    auth: "session",
    cases: [
      {
        name: "the settings page",
        kind: "document",
        request: (token) => page("/app/settings", token),
        own: { status: 200, marks: ["tag"] },
        cross: { status: 200 },
      },
      {
        name: "the settings' data",
        kind: "data",
        request: (token) => data("/app/settings", "routes/app.settings", token),
        own: { status: 200, marks: ["tag"] },
        cross: { status: 200 },
      },
      {
        name: "B's settings form saved",
        kind: "action",
        request: (token) => post("/app/settings?_data=routes%2Fapp.settings", token, { ...ids.settingsForm, tagPrefix: "posted" }),
        own: { status: 200, marks: [] },
        cross: { status: 200 },
        changesOwn: true,
      },
    ],
  },
  "webhooks.app.scopes_update.tsx": HMAC,
  "webhooks.app.uninstalled.tsx": HMAC,
  "webhooks.bulk_operations.finish.tsx": HMAC,
  "webhooks.customers.create.tsx": HMAC,
  "webhooks.customers.data_request.tsx": HMAC,
  "webhooks.customers.delete.tsx": HMAC,
  "webhooks.customers.redact.tsx": HMAC,
  "webhooks.customers.update.tsx": HMAC,
  "webhooks.orders.cancelled.tsx": HMAC,
  "webhooks.orders.create.tsx": HMAC,
  "webhooks.orders.delete.tsx": HMAC,
  "webhooks.orders.paid.tsx": HMAC,
  "webhooks.orders.updated.tsx": HMAC,
  "webhooks.refunds.create.tsx": HMAC,
  "webhooks.shop.redact.tsx": HMAC,
  "api.customer-block.tsx": {
    auth: "session",
    cases: [
      {
        name: "the customer block's data for B's shopper",
        kind: "api",
        request: (token) => get(`/api/customer-block?id=${encodeURIComponent(ids.customerGid)}`, { ...bearer(token), Origin: EXTENSION_ORIGIN }),
        own: { status: 200, marks: ["code", "clvRaw"] },
        cross: { status: 200 },
      },
    ],
  },
};

const WEBHOOK_FILE = /^webhooks\.(.+)\.tsx$/;
/** The route files as Remix finds them, read now: a route added to app/routes is one this test must know. */
const routeFiles = () => readdirSync(ROUTES_DIR).filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file));

/** The tokens that must be refused, each for shop B unless it is for no shop at all. */
const REFUSED_TOKENS: readonly { readonly name: string; readonly token: () => string }[] = [
  { name: "expired", token: () => sessionToken(B, { now: new Date(Date.now() - 10 * 60_000) }) },
  { name: "not yet valid", token: () => sessionToken(B, { now: new Date(Date.now() + 10 * 60_000) }) },
  { name: "signed with another secret", token: () => sessionToken(B, { secret: "not-the-app-secret" }) },
  { name: "for another app (audience)", token: () => sessionToken(B, { audience: "another-app-api-key" }) },
];
/** Signed right, for a shop the app has no session of and Shopify does not know, so that the token exchange fails. */
const NO_SESSION_TOKEN = () => sessionToken(NOBODY);

const marksIn = (body: string) => (Object.keys(MARKS) as Mark[]).filter((mark) => body.includes(MARKS[mark]));

interface Answer {
  status: number;
  location: string | null;
  body: string;
  /** The marks the request itself holds (a filter for B's tag, a search for B's shopper's name), which a page echoes. */
  asked: Mark[];
}

async function ask(request: Request): Promise<Answer> {
  const asked = marksIn(`${decodeURIComponent(request.url)} ${await request.clone().text()}`);
  const response = await app(request);
  // A data request's redirect is a 204 with the target in a header (Remix); a document's is a 3xx with Location.
  const location = response.headers.get("x-remix-redirect") ?? response.headers.get("location");
  return { status: response.status, location, body: await response.text(), asked };
}

/** The marks of B's data in an answer, beyond those its request holds. */
const leaked = (answer: Answer) => marksIn(answer.body).filter((mark) => !answer.asked.includes(mark));

/** A refusal: 401, or a redirect to the library's auth paths (the login, the session-token bounce page). */
function expectRefused(answer: Answer, what: string): void {
  const redirectToAuth =
    (answer.status === 302 || answer.status === 204) && answer.location !== null && new URL(answer.location, store.appUrl).pathname.startsWith("/auth/");
  expect(answer.status === 401 || redirectToAuth, `${what}: ${answer.status} ${answer.location ?? ""} ${answer.body.slice(0, 200)}`).toBe(true);
}

/** A route's file in app/routes: a key of ROUTES, without what follows a "#" (one file can be asked two ways). */
const fileOf = (key: string) => key.split("#")[0]!;
const casesOf = (auth: "session" | "none") =>
  Object.entries(ROUTES).flatMap(([key, route]) => (route.auth === auth ? route.cases.map((each) => ({ file: fileOf(key), ...each })) : []));
const SESSION_CASES = casesOf("session");
const OPEN_CASES = casesOf("none");

describe("a session token for shop A never reads or changes shop B's data", () => {
  test.each(SESSION_CASES)("$file: $name ($kind)", async (each) => {
    const before = await rows(B);
    const own = await ask(each.request(sessionToken(B)));
    expect(own.status, `B's own answer: ${own.body.slice(0, 300)}`).toBe(each.own.status);
    expect(
      each.own.marks.filter((mark) => own.asked.includes(mark)),
      "marks that the request holds prove nothing",
    ).toEqual([]);
    expect(leaked(own), "the marks of B's data in B's own answer").toEqual(expect.arrayContaining([...each.own.marks]));
    const afterOwn = await rows(B);
    if (each.changesOwn) expect(afterOwn, "B's own request changes B's rows").not.toBe(before);

    const cross = await ask(each.request(sessionToken(A)));
    expect(cross.status, `A's answer: ${cross.body.slice(0, 300)}`).toBe(each.cross.status);
    expect(leaked(cross), "marks of B's data in A's answer").toEqual([]);
    expect(await rows(B), "B's rows after A's request").toBe(afterOwn);
  });
});

describe("a token that is expired, not yet valid, wrongly signed or for another app is refused", () => {
  test.each(SESSION_CASES)("$file: $name ($kind)", async (each) => {
    const before = await rows();
    for (const refused of REFUSED_TOKENS) {
      const answer = await ask(each.request(refused.token()));
      expectRefused(answer, `a token ${refused.name}`);
      expect(leaked(answer), `marks of B's data in the answer to a token ${refused.name}`).toEqual([]);
    }
    expect(await rows(), "the rows of every shop after the refused requests").toBe(before);
  });
});

describe("a valid token for a shop without a session, whose token exchange Shopify refuses, is refused", () => {
  test.each(SESSION_CASES)("$file: $name ($kind)", async (each) => {
    const before = await rows();
    const answer = await ask(each.request(NO_SESSION_TOKEN()));
    expect(leaked(answer)).toEqual([]);
    expect(await rows()).toBe(before);
    // Shopify refuses the exchange (the simulator knows no such shop): a 401, not the library's bare 500.
    expectRefused(answer, "a token for a shop without a session");
  });
});

describe("the auth paths and the app's root read no shop's data", () => {
  test.each(OPEN_CASES)("$file: $name", async (each) => {
    const before = await rows();
    for (const token of [sessionToken(B), sessionToken(A), NO_SESSION_TOKEN(), ...REFUSED_TOKENS.map((refused) => refused.token())]) {
      const answer = await ask(each.request(token));
      expect(answer.status, answer.body.slice(0, 300)).toBe(each.own.status);
      expect(leaked(answer)).toEqual([]);
    }
    expect(await rows()).toBe(before);
  });
});

describe("webhook routes take no session token for a signature", () => {
  const files = Object.keys(ROUTES).filter((key) => ROUTES[key]?.auth === "hmac");
  test.each(files)("%s", async (file) => {
    const topic = WEBHOOK_FILE.exec(file)![1]!.replace(".", "/");
    const signed = webhookRequest(url(`/webhooks/${topic}`), { topic, shop: B, body: JSON.stringify({ id: 1 }), secret: "not-the-app-secret" });
    const headers = new Headers(signed.headers);
    headers.set("Authorization", `Bearer ${sessionToken(A)}`);
    const before = await rows();
    const answer = await ask(new Request(signed.url, { method: "POST", headers, body: JSON.stringify({ id: 1 }) }));
    expect(answer.status).toBe(401);
    expect(await rows()).toBe(before);
  });
});

test("every file of app/routes is in the table of this test", () => {
  const listed = new Set(Object.keys(ROUTES).map(fileOf));
  const missing = routeFiles().filter((file) => !listed.has(file));
  expect(
    missing,
    `add ${missing.map((file) => `app/routes/${file}`).join(", ")} to ROUTES in tests/integration/tenant-isolation.db.test.ts: how to call it, what shop B sees of its own data there, and what shop A gets`,
  ).toEqual([]);
  expect(
    [...listed].filter((file) => !routeFiles().includes(file)),
    "files in ROUTES that app/routes no longer has",
  ).toEqual([]);
  for (const [file, route] of Object.entries(ROUTES)) if (route.auth !== "hmac") expect(route.cases.length, file).toBeGreaterThan(0);
});
