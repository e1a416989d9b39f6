/**
 * The corpus of hostile webhook requests (docs/decisions/0009-webhook-input-limits.md): each is answered with a 4xx that
 * names the problem, nothing of it is stored or applied, no log line or stored error quotes its body, and the app
 * keeps taking valid deliveries afterwards.
 */
import http from "node:http";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { db } from "../../app/db.server.ts";
import { storeWebhook } from "../../app/persistence/webhook-events.server.ts";
import { WEBHOOK_BODY_LIMIT_BYTES } from "../../app/webhooks/intake-limits.ts";
import { sweepInbox } from "../../app/webhooks/jobs.server.ts";
import { WEBHOOK_TOPICS } from "../../app/webhooks/topics.ts";
import { samplePayload, webhookRequest, webhookRouteAction } from "../factories/webhooks.ts";
import { startAppServer } from "../support/app-server.ts";
import { runJobs } from "../support/jobs.ts";

// The app's own logger, at debug level, writing into `logged` (refusals are logged at info, below the tests' level).
const logged = vi.hoisted(() => [] as string[]);
vi.mock("../../app/logger.server.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../app/logger.server.ts")>();
  return { ...real, logger: real.createLogger({ write: (line: string) => void logged.push(line) }, { level: "debug" }) };
});

const shop = "hostile.myshopify.com";
const url = "http://127.0.0.1/webhooks/orders/create";
// Text that stands for what a body may carry and must never reach a log, an answer or a stored error; V8 quotes
// about ten characters around a JSON syntax error, so any part of it counts.
const SECRET_TEXT = "Jane Q Shopper";
const SECRET = /Jane|Shopper/;

beforeEach(async () => {
  logged.length = 0;
  await db.shop.create({ data: { domain: shop, state: "installed", installedAt: new Date() } });
});

afterEach(() => {
  for (const line of logged) expect(line).not.toMatch(SECRET);
});

function orderBody(changes: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...samplePayload("orders/create"), ...changes });
}

/** A signed orders/create request with its headers changed: `null` removes one, an array sends it several times. */
function withHeaders(body: string, changes: Record<string, string | string[] | null>, init: { shop?: string; topic?: string } = {}): Request {
  const signed = webhookRequest(url, { topic: init.topic ?? "orders/create", shop: init.shop ?? shop, body });
  const headers = new Headers(signed.headers);
  for (const [name, value] of Object.entries(changes)) {
    headers.delete(name);
    for (const each of value === null ? [] : Array.isArray(value) ? value : [value]) headers.append(name, each);
  }
  return new Request(url, { method: "POST", headers, body });
}

async function answer(request: Request, topic = "orders/create"): Promise<{ status: number; text: string; allow: string | null }> {
  const response = await (await webhookRouteAction(topic))({ request, params: {}, context: {} });
  return { status: response.status, text: await response.text(), allow: response.headers.get("allow") };
}

async function expectNothingStored(): Promise<void> {
  await runJobs();
  expect(await db.webhookEvent.count()).toBe(0);
  expect(await db.order.count()).toBe(0);
  expect(await db.customer.count()).toBe(0);
}

describe("refused before anything is stored", () => {
  const cases: { name: string; request: () => Request; topic?: string; status: number; reason: RegExp }[] = [
    {
      name: "malformed JSON",
      request: () => webhookRequest(url, { topic: "orders/create", shop, body: `{"admin_graphql_api_id": "gid://shopify/Order/1", "note": ${SECRET_TEXT}}` }),
      status: 400,
      reason: /^The body is not JSON/,
    },
    {
      name: "a truncated body",
      request: () => webhookRequest(url, { topic: "orders/create", shop, body: orderBody().slice(0, 300) }),
      status: 400,
      reason: /^The body is not JSON/,
    },
    { name: "an empty body", request: () => webhookRequest(url, { topic: "orders/create", shop, body: "" }), status: 400, reason: /^The body is empty$/ },
    {
      name: "a topic the app does not subscribe to",
      request: () => webhookRequest(url, { topic: "products/create", shop, body: orderBody() }),
      status: 400,
      reason: /^The app does not subscribe to that topic; it receives orders\/create$/,
    },
    {
      name: "a subscribed topic sent to another topic's route",
      request: () => webhookRequest(url, { topic: "refunds/create", shop, body: orderBody() }),
      status: 400,
      reason: /^This route does not receive that topic; it receives orders\/create$/,
    },
    {
      name: "a replayed signature with a changed body",
      request: () => {
        const original = webhookRequest(url, { topic: "orders/create", shop, body: orderBody() });
        return withHeaders(orderBody({ total_price_set: { shop_money: { amount: "0.01", currency_code: "USD" } } }), {
          "X-Shopify-Hmac-Sha256": original.headers.get("x-shopify-hmac-sha256") ?? "",
        });
      },
      status: 401,
      reason: /^X-Shopify-Hmac-Sha256 is not the signature of this body$/,
    },
    {
      name: "a shop that never installed the app",
      request: () => webhookRequest(url, { topic: "orders/create", shop: "stranger.myshopify.com", body: orderBody() }),
      status: 403,
      reason: /^stranger\.myshopify\.com has not installed this app$/,
    },
    {
      name: "a domain that is not a *.myshopify.com shop",
      request: () => webhookRequest(url, { topic: "orders/create", shop: "hostile.example.com", body: orderBody() }),
      status: 400,
      reason: /^X-Shopify-Shop-Domain is not a \*\.myshopify\.com shop domain$/,
    },
    {
      name: "a domain that only ends like a shop's",
      request: () => webhookRequest(url, { topic: "orders/create", shop: "evil.com/.myshopify.com", body: orderBody() }),
      status: 400,
      reason: /^X-Shopify-Shop-Domain is not/,
    },
    {
      name: "a compliance topic from a domain that is not a shop's",
      topic: "shop/redact",
      request: () =>
        webhookRequest("http://127.0.0.1/webhooks/shop/redact", {
          topic: "shop/redact",
          shop: "hostile.example.com",
          body: JSON.stringify({ shop_domain: "hostile.example.com" }),
        }),
      status: 400,
      reason: /^X-Shopify-Shop-Domain is not/,
    },
    {
      name: "a body over the size limit with its Content-Length",
      request: () => withHeaders(orderBody(), { "Content-Length": String(WEBHOOK_BODY_LIMIT_BYTES + 1) }),
      status: 413,
      reason: /^The body is larger than the 5242880 bytes a webhook may have$/,
    },
    ...(["X-Shopify-Hmac-Sha256", "X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-Webhook-Id", "X-Shopify-API-Version"] as const).flatMap((name) => [
      {
        name: `${name} missing`,
        request: () => withHeaders(orderBody(), { [name]: null }),
        status: 400,
        reason: new RegExp(`^(Missing ${name}|${name} is missing)$`),
      },
      {
        name: `${name} sent twice`,
        request: () => {
          const value = webhookRequest(url, { topic: "orders/create", shop, body: orderBody() }).headers.get(name) ?? "";
          return withHeaders(orderBody(), { [name]: [value, name === "X-Shopify-Shop-Domain" ? "other.myshopify.com" : value] });
        },
        status: 400,
        reason: new RegExp(`^${name} is sent more than once$`),
      },
    ]),
  ];

  test.each(cases)("$name: $status", async ({ request, topic, status, reason }) => {
    const result = await answer(request(), topic);
    expect(result.status).toBe(status);
    expect(result.text.trim()).toMatch(reason);
    expect(result.text).not.toMatch(SECRET);
    await expectNothingStored();
  });

  test("a refusal is logged with its status and reason, and without the body", async () => {
    const body = `{"note": "${SECRET_TEXT}", "total": ${SECRET_TEXT}}`;
    expect((await answer(webhookRequest(url, { topic: "orders/create", shop, body }))).status).toBe(400);
    const lines = logged.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ level: "info", message: "webhook refused", status: 400, shop, topic: "orders/create" }));
    expect(String(lines.find((line) => line.message === "webhook refused")?.reason)).toMatch(/^The body is not JSON/);
    // afterEach checks every line for the body's text.
  });

  test("a 10 MB signed body without Content-Length is refused 413 after reading no more than the limit", async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 10 * 1024 * 1024) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const signed = webhookRequest(url, { topic: "orders/create", shop, body: orderBody() });
    const request = new Request(url, { method: "POST", headers: signed.headers, body, duplex: "half" } as RequestInit);
    expect(request.headers.get("content-length")).toBeNull();
    const result = await answer(request);
    expect(result.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(WEBHOOK_BODY_LIMIT_BYTES + 2 * chunk.byteLength);
    await expectNothingStored();
  });

  test("a body over the limit with its Content-Length is refused without reading a byte", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const request = new Request(url, {
      method: "POST",
      headers: withHeaders("{}", { "Content-Length": String(10 * 1024 * 1024) }).headers,
      body,
      duplex: "half",
    } as RequestInit);
    expect((await answer(request)).status).toBe(413);
    // A ReadableStream pulls once to fill its queue when it is made; nothing beyond that.
    expect(pulled).toBeLessThanOrEqual(1);
    await expectNothingStored();
  });

  test("a body at the limit is read", async () => {
    const body = orderBody({ padding: " ".repeat(WEBHOOK_BODY_LIMIT_BYTES - orderBody().length - 14) });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(WEBHOOK_BODY_LIMIT_BYTES);
    expect((await answer(webhookRequest(url, { topic: "orders/create", shop, body }))).status).toBe(200);
  });
});

describe("methods", () => {
  test.each(WEBHOOK_TOPICS)("GET and HEAD on the %s route answer 405 with Allow: POST", async (topic) => {
    const module = (await import(`../../app/routes/webhooks.${topic.replace("/", ".")}.tsx`)) as { loader?: (args: unknown) => Response };
    expect(module.loader).toBeTypeOf("function");
    for (const method of ["GET", "HEAD"]) {
      const response = module.loader?.({ request: new Request(`http://127.0.0.1/webhooks/${topic}`, { method }), params: {}, context: {} });
      expect(response?.status).toBe(405);
      expect(response?.headers.get("allow")).toBe("POST");
    }
  });

  test("PUT answers 405 with Allow: POST and stores nothing", async () => {
    const signed = webhookRequest(url, { topic: "orders/create", shop, body: orderBody() });
    const result = await answer(new Request(url, { method: "PUT", headers: signed.headers, body: orderBody() }));
    expect(result).toMatchObject({ status: 405, allow: "POST" });
    await expectNothingStored();
  });
});

describe("payloads that do not read", () => {
  test('an amount of "abc" is answered 422 naming the field, kept failed with only the fields the app reads, and never tried', async () => {
    const body = orderBody({
      total_price_set: { shop_money: { amount: "abc", currency_code: "USD" }, presentment_money: { amount: "abc", currency_code: "USD" } },
      note: SECRET_TEXT,
    });
    const result = await answer(webhookRequest(url, { topic: "orders/create", shop, body }));
    expect(result.status).toBe(422);
    expect(result.text).toMatch(/total_price_set\.shop_money\.amount: not a decimal amount/);
    await runJobs();
    const row = await db.webhookEvent.findFirstOrThrow();
    expect(row).toMatchObject({ status: "failed", attempts: 0 });
    expect(row.payload).not.toMatch(/Jane|note|line_items|email/);
    expect(row.lastError).not.toMatch(/abc|Jane/);
    expect(await db.order.count()).toBe(0);
    // Shopify retries a 4xx: the same webhook id is answered the same, and stored once.
    const again = webhookRequest(url, { topic: "orders/create", shop, body, webhookId: row.webhookId });
    expect((await answer(again)).status).toBe(422);
    expect(await db.webhookEvent.count()).toBe(1);
  });

  test("wrong types anywhere the app reads are answered 422, naming each field and none of the values", async () => {
    const body = orderBody({ test: SECRET_TEXT, created_at: 17, customer: [SECRET_TEXT], refunds: { email: "jane@example.com" } });
    const result = await answer(webhookRequest(url, { topic: "orders/create", shop, body }));
    expect(result.status).toBe(422);
    for (const field of [
      "test: expected boolean, received string",
      "created_at: expected string, received number",
      "customer: expected object, received array",
      "refunds: expected array, received object",
    ]) {
      expect(result.text).toContain(field);
    }
    const row = await db.webhookEvent.findFirstOrThrow();
    expect(`${row.payload} ${row.lastError}`).not.toMatch(/Jane|jane@/);
  });

  test("Shopify's refund with card details and receipts, rejected, keeps only the fields the app reads and the reason", async () => {
    const { readFileSync } = await import("node:fs");
    const refund = JSON.parse(readFileSync(new URL("../fixtures/webhooks/refunds-create-with-payment-details.json", import.meta.url), "utf8"));
    refund.order_id = "not a number";
    const body = JSON.stringify(refund);
    const result = await answer(webhookRequest("http://127.0.0.1/webhooks/refunds/create", { topic: "refunds/create", shop, body }), "refunds/create");
    expect(result.status).toBe(422);
    expect(result.text).toContain("order_id");
    const row = await db.webhookEvent.findFirstOrThrow();
    expect(row.status).toBe("failed");
    for (const text of ["credit_card", "4242", "Jane", "AUTH-53433", "1Z999AA10123456784", "Harbour", "receipt", "gateway", "refund_line_items"]) {
      expect(`${row.payload} ${row.lastError}`).not.toContain(text);
    }
    // The field the app reads is kept as sent, so that a version that reads it can apply the refund; the error does not quote it.
    expect(JSON.parse(row.payload).order_id).toBe("not a number");
    expect(row.lastError).toBe("refunds/create payload rejected: order_id: not in the expected format");
    expect(JSON.parse(row.payload).transactions).toEqual([
      { kind: "refund", status: "success", amount: "75.00", currency: null },
      { kind: "refund", status: "success", amount: "10.00", currency: null },
    ]);
  });

  test("a stored payload that no longer reads (kept by an older version) fails for good at its first try, its error quoting none of it", async () => {
    const stored = {
      shop,
      topic: "orders/create",
      eventId: null,
      triggeredAt: null,
      apiVersion: "2026-10",
      payload: orderBody({ total_price_set: { shop_money: { amount: "abc", currency_code: "USD" }, presentment_money: { amount: "1.00", currency_code: "USD" } } }),
    };
    expect(await storeWebhook({ ...stored, webhookId: "legacy-abc" }, new Date())).toBe(true);
    expect(await storeWebhook({ ...stored, webhookId: "legacy-json", payload: `{"note": "${SECRET_TEXT}", ` }, new Date())).toBe(true);
    // Stored without a job, as by a process that died: the inbox sweep queues it.
    await sweepInbox({}, { now: () => new Date(Date.now() + 60_000) });
    await runJobs();
    await sweepInbox({}, { now: () => new Date(Date.now() + 60_000) });
    await runJobs();
    const rows = await db.webhookEvent.findMany({ orderBy: { webhookId: "asc" } });
    expect(rows.map((r) => [r.webhookId, r.status, r.attempts])).toEqual([
      ["legacy-abc", "failed", 1],
      ["legacy-json", "failed", 1],
    ]);
    expect(rows[0]?.lastError).toBe("orders/create payload rejected: total_price_set.shop_money.amount: not a decimal amount");
    expect(rows[1]?.lastError).toMatch(/^orders\/create payload is not JSON/);
    expect(rows.map((r) => r.lastError).join(" ")).not.toMatch(/abc|Jane/);
    expect(await db.order.count()).toBe(0);
  });
});

describe("shops that are gone", () => {
  test("compliance topics are taken and applied for a shop the app never had", async () => {
    const gone = "long-gone.myshopify.com";
    const deliver = async (topic: "customers/data_request" | "customers/redact" | "shop/redact") => {
      const body = JSON.stringify({ ...samplePayload(topic), shop_domain: gone });
      return (await answer(webhookRequest(`http://127.0.0.1/webhooks/${topic}`, { topic, shop: gone, body }), topic)).status;
    };
    expect(await deliver("customers/data_request")).toBe(200);
    await runJobs();
    // Applied: the merchant's export of what the app holds about the shopper (nothing but the request).
    expect(await db.dataRequest.count({ where: { shop: gone } })).toBe(1);
    expect(await deliver("customers/redact")).toBe(200);
    await runJobs();
    expect(await db.redactedSubject.count({ where: { shop: gone } })).toBeGreaterThan(0);
    expect(await deliver("shop/redact")).toBe(200);
    await runJobs();
    // Applied: shop/redact deletes everything held about the shop, its deliveries included.
    expect(await db.webhookEvent.count({ where: { shop: gone } })).toBe(0);
    expect(await db.dataRequest.count({ where: { shop: gone } })).toBe(0);
  });

  test("an uninstalled shop's orders are refused; its app/uninstalled, sent again, is taken", async () => {
    await db.shop.update({ where: { domain: shop }, data: { state: "uninstalled", uninstalledAt: new Date() } });
    expect((await answer(webhookRequest(url, { topic: "orders/create", shop, body: orderBody() }))).status).toBe(403);
    const uninstalled = webhookRequest("http://127.0.0.1/webhooks/app/uninstalled", {
      topic: "app/uninstalled",
      shop,
      body: JSON.stringify(samplePayload("app/uninstalled")),
    });
    expect((await answer(uninstalled, "app/uninstalled")).status).toBe(200);
    expect((await db.webhookEvent.findMany()).map((r) => r.topic)).toEqual(["app/uninstalled"]);
  });
});

describe("over a socket", () => {
  test("a chunked body far over the limit gets 413 before it is sent whole, and the server goes on taking deliveries", async () => {
    const server = await startAppServer(0);
    try {
      const total = 32 * 1024 * 1024;
      const headers = Object.fromEntries(webhookRequest(url, { topic: "orders/create", shop, body: orderBody() }).headers);
      const { status, written } = await new Promise<{ status: number; written: number }>((resolve, reject) => {
        let written = 0;
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const request = http.request(`${server.url}/webhooks/orders/create`, { method: "POST", headers }, (response) => {
          response.resume();
          resolve({ status: response.statusCode ?? 0, written });
          request.destroy();
        });
        request.on("error", (error) => (written > 0 ? undefined : reject(error)));
        const send = () => {
          while (written < total) {
            written += chunk.byteLength;
            if (!request.write(chunk)) return void request.once("drain", send);
          }
          request.end();
        };
        send();
      });
      expect(status).toBe(413);
      expect(written).toBeLessThan(total);

      const valid = orderBody();
      const response = await fetch(`${server.url}/webhooks/orders/create`, {
        method: "POST",
        headers: Object.fromEntries(webhookRequest(url, { topic: "orders/create", shop, body: valid }).headers),
        body: valid,
      });
      expect(response.status).toBe(200);
      await runJobs();
      expect(await db.order.count()).toBe(1);
    } finally {
      await server.close();
    }
  });
});
