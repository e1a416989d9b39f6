import "@shopify/shopify-api/adapters/node";
import { runInNewContext } from "node:vm";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../index.ts";

const SHOP = "frame-shop.myshopify.com";
const shopify = shopifyApi({
  apiKey: "frame-app",
  apiSecretKey: "frame-secret",
  apiVersion: ApiVersion.October26,
  hostName: "127.0.0.1:3999",
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error },
});
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ apiKey: "frame-app", apiSecret: "frame-secret", appUrl: "http://127.0.0.1:3999", scopes: "read_orders" });
  sim.createShop(SHOP, { name: "Frame & Co" });
});
afterAll(() => sim.close());

describe("admin frame", () => {
  it("embeds the app the way Shopify admin does, with a session token the library accepts", async () => {
    const response = await fetch(`${sim.url}/admin/frame-shop`);
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expect(html).toContain("Frame &#38; Co");
    const src = /<iframe src="([^"]+)"/.exec(html)?.[1]?.replaceAll("&#38;", "&") ?? "";
    const url = new URL(src);
    expect(url.origin + url.pathname).toBe("http://127.0.0.1:3999/app");
    expect(url.searchParams.get("embedded")).toBe("1");
    expect(url.searchParams.get("shop")).toBe(SHOP);
    expect(Buffer.from(url.searchParams.get("host") ?? "", "base64url").toString()).toBe("admin.shopify.com/store/frame-shop");
    const payload = await shopify.session.decodeSessionToken(url.searchParams.get("id_token") ?? "");
    expect(payload).toMatchObject({ iss: `https://${SHOP}/admin`, dest: `https://${SHOP}`, aud: "frame-app" });
  });

  it("hands fresh session tokens to the browser with CORS", async () => {
    const response = await fetch(`${sim.url}/admin/${SHOP}/id-token`);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const payload = await shopify.session.decodeSessionToken(await response.text());
    expect(payload.dest).toBe(`https://${SHOP}`);
  });
});

describe("app-bridge.js stand-in", () => {
  async function loadAppBridge(location: string, respond: (request: Request, attempt: number) => Response) {
    const source = await (await fetch(`${sim.url}/app-bridge.js`)).text();
    const seen: { url: string; authorization: string | null }[] = [];
    const replaced: string[] = [];
    const storage = new Map<string, string>();
    const here = new URL(location);
    const window: Record<string, unknown> = {
      location: { search: here.search, href: here.href, origin: here.origin, replace: (to: string) => replaced.push(to) },
      sessionStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => storage.set(k, v) },
      atob: (s: string) => Buffer.from(s, "base64").toString("binary"),
      setTimeout,
      fetch: async (input: RequestInfo, init?: RequestInit) => {
        const request = new Request(input, init);
        if (request.url.startsWith(sim.url)) return fetch(request);
        seen.push({ url: request.url, authorization: request.headers.get("authorization") });
        return respond(request, seen.filter((s) => s.url === request.url).length);
      },
    };
    const document = {
      currentScript: { src: `${sim.url}/app-bridge.js`, getAttribute: () => "frame-app" },
      querySelector: () => null,
    };
    runInNewContext(source, { window, document, URL, URLSearchParams, Request, Headers, Response, Promise, JSON, Date, Error, String });
    return { window: window as { shopify: { idToken(): Promise<string>; config: { apiKey: string } }; fetch: typeof fetch }, seen, replaced };
  }

  it("provides shopify.idToken() and signs same-origin fetches, retrying once on an invalid-session 401", async () => {
    const { window, seen } = await loadAppBridge(`http://127.0.0.1:3999/app?shop=${SHOP}&host=x`, (request, attempt) =>
      request.url.endsWith("/api/scores") && attempt === 1
        ? new Response(null, { status: 401, headers: { "X-Shopify-Retry-Invalid-Session-Request": "1" } })
        : new Response("ok"),
    );
    expect(window.shopify.config.apiKey).toBe("frame-app");
    const token = await window.shopify.idToken();
    expect((await shopify.session.decodeSessionToken(token)).dest).toBe(`https://${SHOP}`);

    const response = await window.fetch("/api/scores", { method: "POST", body: "{}" });
    expect(await response.text()).toBe("ok");
    expect(seen.map((s) => s.url)).toEqual(["http://127.0.0.1:3999/api/scores", "http://127.0.0.1:3999/api/scores"]);
    expect(seen.every((s) => s.authorization?.startsWith("Bearer ey"))).toBe(true);

    await window.fetch("https://elsewhere.example/data");
    expect(seen.at(-1)).toEqual({ url: "https://elsewhere.example/data", authorization: null });
  });

  it("reloads the session-token bounce page with a fresh id_token", async () => {
    const target = "http://127.0.0.1:3999/app/customers?shop=frame-shop.myshopify.com";
    const { replaced } = await loadAppBridge(
      `http://127.0.0.1:3999/auth/session-token?shop=${SHOP}&shopify-reload=${encodeURIComponent(target)}`,
      () => new Response("ok"),
    );
    await expect.poll(() => replaced.length).toBe(1);
    const url = new URL(replaced[0] ?? "");
    expect(url.pathname).toBe("/app/customers");
    expect((await shopify.session.decodeSessionToken(url.searchParams.get("id_token") ?? "")).aud).toBe("frame-app");
  });
});
