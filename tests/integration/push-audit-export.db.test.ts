import { beforeEach, describe, expect, test } from "vitest";
import { db } from "../../app/db.server.ts";
import { purgePushAudit } from "../../app/loyalty/audit-log.server.ts";
import { recordPushAudit } from "../../app/persistence/push-audit.server.ts";
import { loader as auditCsvLoader } from "../../app/routes/app.audit[.]csv.tsx";
import { parseCsv } from "../../app/cli/csv.ts";
import { embeddedUrl } from "../factories/session-token.ts";

const shop = "audit-export.myshopify.com";
const neighbour = "audit-neighbour.myshopify.com";
const appUrl = process.env.SHOPIFY_APP_URL as string;
const DAY = 86_400_000;

beforeEach(async () => {
  for (const s of [shop, neighbour]) {
    await db.shop.create({ data: { domain: s, state: "installed", installedAt: new Date(), currencyCode: "USD" } });
    await db.session.create({ data: { id: `offline_${s}`, shop: s, state: "", isOnline: false, scope: process.env.SCOPES, accessToken: `token-${s}` } });
  }
});

const row = (s: string, at: Date, overrides: { action?: string; customerGid?: string | null; detail?: string; result?: string } = {}) => ({
  shop: s,
  at,
  action: overrides.action ?? "tags-add",
  customerGid: overrides.customerGid === undefined ? "gid://shopify/Customer/1" : overrides.customerGid,
  detail: overrides.detail ?? '{"tags":["crm-vip"]}',
  result: overrides.result ?? "ok",
});

describe("the purge-push-audit job", () => {
  test("deletes rows older than 90 days by the job's clock, of every shop; younger ones stay", async () => {
    const now = new Date("2026-12-03T12:00:00Z");
    const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);
    await recordPushAudit([
      row(shop, daysAgo(91)),
      row(shop, daysAgo(89), { detail: "89" }),
      row(neighbour, daysAgo(91)),
      row(neighbour, daysAgo(89), { detail: "89" }),
    ]);
    await purgePushAudit({}, { now: () => now, signal: new AbortController().signal });
    const left = await db.pushAudit.findMany({ orderBy: { id: "asc" } });
    expect(left.map((r) => [r.shop, r.detail])).toEqual([
      [shop, "89"],
      [neighbour, "89"],
    ]);
  });
});

describe("GET /app/audit.csv", () => {
  test("downloads the session's shop's audit rows of the last 90 days as CSV, oldest first, and none of another shop", async () => {
    const now = Date.now();
    await recordPushAudit([
      row(shop, new Date(now - 91 * DAY), { detail: "too old" }),
      row(shop, new Date(now - 2 * DAY), { action: "metafields-set", customerGid: "gid://shopify/Customer/7", detail: '{"segment":"loyal, \\"big\\""}' }),
      row(neighbour, new Date(now - DAY), { customerGid: "gid://shopify/Customer/999", detail: "the neighbour's" }),
      row(shop, new Date(now - DAY), { action: "segment-create", customerGid: null, detail: "{}", result: '=HYPERLINK("http://evil.example")\nsecond line' }),
      row(shop, new Date(now - 60_000), { result: "Zoë ✓ 東京" }),
    ]);
    const response = await auditCsvLoader({ request: new Request(embeddedUrl(appUrl, "/app/audit.csv", shop)), params: {}, context: {} });

    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="push-audit-audit-export-${new Date().toISOString().slice(0, 10)}.csv"`);
    const text = await response.text();
    expect(text).not.toContain("neighbour");
    expect(text).not.toContain("Customer/999");
    expect(text).not.toContain("too old");
    expect(parseCsv(text).map((r) => r.fields)).toEqual([
      ["at", "action", "customer_id", "detail", "result"],
      [new Date(now - 2 * DAY).toISOString(), "metafields-set", "gid://shopify/Customer/7", '{"segment":"loyal, \\"big\\""}', "ok"],
      [new Date(now - DAY).toISOString(), "segment-create", "", "{}", '\'=HYPERLINK("http://evil.example")\nsecond line'],
      [new Date(now - 60_000).toISOString(), "tags-add", "gid://shopify/Customer/1", '{"tags":["crm-vip"]}', "Zoë ✓ 東京"],
    ]);
    expect(text.split("\r\n")[0]).toBe("at,action,customer_id,detail,result");
  });

  test("streams a log longer than a page whole, in order", async () => {
    const now = Date.now();
    await recordPushAudit(
      Array.from({ length: 1_203 }, (_, i) => row(shop, new Date(now - DAY + Math.floor(i / 3)), { customerGid: `gid://shopify/Customer/${i}` })),
    );
    const response = await auditCsvLoader({ request: new Request(embeddedUrl(appUrl, "/app/audit.csv", shop)), params: {}, context: {} });
    const records = parseCsv(await response.text()).slice(1);
    expect(records.map((r) => r.fields[2])).toEqual(Array.from({ length: 1_203 }, (_, i) => `gid://shopify/Customer/${i}`));
  });

  test("another shop's token reads only that shop's rows", async () => {
    await recordPushAudit([row(shop, new Date(Date.now() - DAY), { detail: "mine" })]);
    const response = await auditCsvLoader({ request: new Request(embeddedUrl(appUrl, "/app/audit.csv", neighbour)), params: {}, context: {} });
    expect(await response.text()).toBe("at,action,customer_id,detail,result\r\n");
    expect(response.headers.get("Content-Disposition")).toContain("push-audit-audit-neighbour-");
  });
});
