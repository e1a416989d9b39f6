/**
 * The admin as a merchant uses it: Chromium opens the simulated Shopify admin page, which embeds the app's production
 * build with a real session token, on the demo's shop (the CDNOW history, backfilled and scored). Each test checks a
 * page against what the database holds or the store received, fails on any error in the browser's console, and saves
 * a screenshot of the page it checked in test-results/screenshots/.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { type Client, createClient } from "@libsql/client";
import type { Browser, BrowserContext, Frame, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { cdnowHistory } from "../../simulator/demo/cdnow-history.ts";
import { BROWSER_USER_AGENT, type Stack, startStack } from "../../simulator/demo/stack.ts";
import { launchChromium } from "./chromium.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const SCREENSHOTS = resolve(ROOT, "test-results/screenshots");
const DOMAIN = "browser-demo.myshopify.com";

let stack: Stack;
let browser: Browser;
let db: Client;

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const history = cdnowHistory(readFileSync(resolve(ROOT, "tests/fixtures/cdnow/CDNOW_sample.txt"), "utf8"), new Date());
  stack = await startStack(
    {
      databaseFile: resolve(ROOT, `var/test/browser-${process.pid}.db`),
      ports: { app: await freePort(), simulator: await freePort(), appServer: await freePort() },
      domain: DOMAIN,
      shop: { currencyCode: "USD", ianaTimezone: "America/New_York", name: "Browser demo" },
      logLevel: "error",
    },
    (shop) => {
      const customers = new Map<string, string>();
      for (const order of history) {
        let customerGid = customers.get(order.customerKey);
        if (!customerGid) {
          // Every third shopper has a name (the others none): the pages show names fetched from Shopify, or numbers.
          const named = customers.size % 3 === 0;
          customerGid = shop.createCustomer(named ? { firstName: "지우", lastName: `김${customers.size}` } : {}, { silent: true }).gid;
          customers.set(order.customerKey, customerGid);
        }
        shop.createOrder({ customerGid, totalMinor: order.totalMinor, createdAt: order.placedAt, processedAt: order.placedAt }, { silent: true });
      }
    },
  );
  db = createClient({ url: stack.databaseUrl });
  await stack.install();
  await until("the backfill", async () => (await stack.backfill()).status === "completed");
  // The first rescoring, then the push that tags the VIPs.
  await until(
    "the first rescoring",
    async () => (await db.execute(`SELECT 1 FROM "ScoringRun" WHERE "status" = 'succeeded' AND "dashboardJson" IS NOT NULL`)).rows.length > 0,
  );
  await until("the first push", async () => (await db.execute(`SELECT 1 FROM "PushedState" WHERE "tags" LIKE '%crm-vip%'`)).rows.length > 0);
  // The push's tags come back as customers/update webhooks, one per shopper tagged: the tests start once the app has
  // applied them (no job of the shop due or running for two seconds), not while it is flooded with them.
  let settledSince: number | null = null;
  await until("the app's work for the shop to settle", async () => {
    const busy = await db.execute({
      sql: `SELECT COUNT(*) AS n FROM "Job" WHERE "shop" = ? AND ("state" = 'active' OR ("state" IN ('queued', 'retry') AND "startAfter" <= ?))`,
      args: [DOMAIN, new Date().toISOString()],
    });
    if (Number(busy.rows[0]!.n) > 0) settledSince = null;
    else settledSince ??= Date.now();
    return settledSince !== null && Date.now() - settledSince >= 2_000;
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  db?.close();
  await stack?.stop();
});

let context: BrowserContext;
let page: Page;
let problems: string[];

async function openBrowser(options: { locale?: string; timezoneId?: string; userAgent?: string | null } = {}): Promise<void> {
  await context?.close();
  context = await browser.newContext({
    viewport: { width: 1400, height: 1000 },
    locale: options.locale ?? "en-US",
    timezoneId: options.timezoneId ?? "America/Los_Angeles",
    acceptDownloads: true,
    // Shopify's library refuses browsers that say they are headless (see the last test); a merchant's says it is Chrome.
    ...(options.userAgent === null ? {} : { userAgent: options.userAgent ?? BROWSER_USER_AGENT }),
  });
  page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on("requestfailed", (request) => {
    // Remix's route discovery (/__manifest) and its revalidation of the page's loaders (?_data=, e.g. when a rescoring
    // the page follows ends) are cancelled when the test moves to the next page before they answer.
    const url = new URL(request.url());
    if ((url.pathname === "/__manifest" || url.searchParams.has("_data")) && request.failure()?.errorText === "net::ERR_ABORTED") return;
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
  });
}

beforeEach(async () => {
  problems = [];
  await openBrowser();
});

afterEach(async () => {
  await context?.close();
  expect(problems, "errors in the browser's console").toEqual([]);
});

/** Opens the admin page (with the app at `path`) and waits for the app's page to be hydrated. */
async function openApp(path = "/app", query: Record<string, string> = {}): Promise<Frame> {
  const url = new URL(stack.adminUrl);
  url.searchParams.set("path", path);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  await page.goto(url.toString());
  const frame = await until("the app's frame", async () => page.frames().find((f) => f.url().startsWith(`${stack.appUrl}/app`)));
  await frame.waitForLoadState("load");
  await frame.locator(".Polaris-Page").first().waitFor();
  return frame;
}

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The name Shopify gives the shopper, as the pages show it: the first and last name, else their number. */
function shownName(gid: string): string {
  const customer = stack.shop.customer(gid)!;
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(" ");
  return name || `Customer ${gid.split("/").at(-1)}`;
}

const rows = async <T>(sql: string, args: (string | number)[] = []) => (await db.execute({ sql, args })).rows as unknown as T[];
const usd = (minor: number) => `$${Math.round(minor / 100).toLocaleString("en-US")}`;

describe("in English", () => {
  test("the dashboard's figures are the database's", async () => {
    const app = await openApp();
    await app.getByRole("heading", { name: "Customer lifetime value" }).waitFor();
    const segments = await rows<{ segment: string; customers: number; historic: number }>(
      `SELECT "segment", COUNT(*) AS customers, SUM("historicClvMinor") AS historic FROM "CustomerScore" WHERE "shop" = ? GROUP BY "segment" ORDER BY customers DESC`,
      [DOMAIN],
    );
    expect(segments.length).toBeGreaterThan(3);
    // The segments table: one row per segment, with its count and historic CLV (whole dollars, as the page shows them).
    const table = app.locator("table").filter({ hasText: "Historic CLV" }).first();
    for (const segment of segments) {
      const row = table.locator("tr").filter({ has: app.getByRole("link", { name: segment.segment, exact: true }) });
      await expect.poll(() => row.innerText()).toContain(Number(segment.customers).toLocaleString("en-US"));
      expect(await row.innerText()).toContain(usd(Number(segment.historic)));
    }
    // The status card counts the customers and orders kept.
    const [kept] = await rows<{ customers: number; orders: number }>(
      `SELECT (SELECT COUNT(*) FROM "Customer" WHERE "shop" = ?1) AS customers, (SELECT COUNT(*) FROM "Order" WHERE "shop" = ?1) AS orders`,
      [DOMAIN],
    );
    const status = await app.getByText("Kept for this shop").innerText();
    expect(status).toContain(`${Number(kept!.customers).toLocaleString("en-US")} customers`);
    // The VIP tile counts the shoppers the push tagged.
    const [vips] = await rows<{ n: number }>(`SELECT COUNT(*) AS n FROM "PushedState" WHERE "shop" = ? AND (',' || "tags" || ',') LIKE '%,crm-vip,%'`, [DOMAIN]);
    await expect.poll(() => app.locator("body").innerText()).toContain(`${Number(vips!.n).toLocaleString("en-US")} VIPs`);
    // The model-health card shows the day's model choice as the run kept it: each candidate's predicted and actual
    // repeat orders on the same holdout.
    const [choiceRun] = await rows<{ modelChoiceJson: string }>(
      `SELECT "modelChoiceJson" FROM "ScoringRun" WHERE "shop" = ? AND "modelChoiceJson" IS NOT NULL ORDER BY "id" DESC LIMIT 1`,
      [DOMAIN],
    );
    const choice = JSON.parse(choiceRun!.modelChoiceJson) as { chosen: string; candidates: { model: string; total: { predicted: number; actual: number } }[] };
    expect(choice.candidates.length).toBeGreaterThan(1);
    const choiceTable = app.locator("table").filter({ hasText: "Verdict" });
    for (const candidate of choice.candidates) {
      const label = { bgnbd: "BG/NBD", mbgnbd: "MBG/NBD", pareto: "Pareto/NBD", mbgcnbd: "MBG/CNBD-k" }[candidate.model]!;
      const row = await choiceTable.locator("tr").filter({ hasText: label }).first().innerText();
      expect(row).toContain(Math.round(candidate.total.predicted).toLocaleString("en-US"));
      expect(row).toContain(Math.round(candidate.total.actual).toLocaleString("en-US"));
      if (candidate.model === choice.chosen) expect(row).toContain("Chosen");
    }
    await screenshot("dashboard");
    await choiceTable.scrollIntoViewIfNeeded();
    await screenshot("dashboard-model-choice");
  });

  test("the customer list filters, sorts and exports what the database holds", async () => {
    const app = await openApp("/app/customers");
    await app.getByLabel("Segment").selectOption("Champions");
    await app.getByLabel("Sort by").selectOption("pAlive");
    await app.getByLabel("Order", { exact: true }).selectOption("asc");
    await app.getByRole("button", { name: "Apply" }).click();
    await app.waitForURL(/segment=Champions/);
    const expected = await rows<{ customerGid: string; pAlive: number }>(
      `SELECT "customerGid", "pAlive" FROM "CustomerScore" WHERE "shop" = ? AND "segment" = 'Champions' ORDER BY "pAlive" ASC, "customerGid" ASC LIMIT 50`,
      [DOMAIN],
    );
    const links = app.locator("table tbody tr a[href^='/app/customers/']");
    // Polled: the rows of the page before may still be on screen when the address has changed.
    const shownIds = () => links.evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href")!.split("/").at(-1)));
    await expect.poll(shownIds, { timeout: 10_000 }).toEqual(expected.map((row) => row.customerGid.split("/").at(-1)));
    const body = await app.locator("table tbody").innerText();
    expect(body).not.toMatch(/Loyal|Dormant|At risk/);
    // Names come from Shopify for the rows on screen, and are never stored.
    for (const row of expected) expect(body).toContain(shownName(row.customerGid));
    expect(expected.some((row) => !shownName(row.customerGid).startsWith("Customer "))).toBe(true);
    await screenshot("customers-filtered");

    const [count] = await rows<{ n: number }>(`SELECT COUNT(*) AS n FROM "CustomerScore" WHERE "shop" = ? AND "segment" = 'Champions'`, [DOMAIN]);
    const downloading = page.waitForEvent("download");
    await app.getByRole("button", { name: "Export this list (CSV)" }).click();
    const download = await downloading;
    const csv = readFileSync((await download.path())!, "utf8")
      .trim()
      .split(/\r?\n/);
    expect(csv).toHaveLength(Number(count!.n) + 1);
    const header = csv[0]!.split(",");
    const segmentColumn = header.findIndex((name) => /segment/i.test(name));
    expect(segmentColumn).toBeGreaterThanOrEqual(0);
    expect(new Set(csv.slice(1).map((line) => line.split(",")[segmentColumn]))).toEqual(new Set(["Champions"]));
  });

  test("a cell of the dashboard's RFM grid opens the list of its shoppers, and the filter stays through Apply until removed", async () => {
    const [cell] = await rows<{ r: number; f: number; n: number }>(
      `SELECT "rfmRecency" AS r, "rfmFrequency" AS f, COUNT(*) AS n FROM "CustomerScore" WHERE "shop" = ? AND "rfmRecency" IS NOT NULL
       GROUP BY "rfmRecency", "rfmFrequency" HAVING COUNT(*) BETWEEN 2 AND 50 ORDER BY n DESC LIMIT 1`,
      [DOMAIN],
    );
    const app = await openApp("/app");
    await app.getByRole("link", { name: `Recency ${cell!.r}, frequency ${cell!.f}: ${Number(cell!.n).toLocaleString("en-US")} customers` }).click();
    await app.waitForURL(new RegExp(`r=${cell!.r}&f=${cell!.f}`));
    const links = app.locator("table tbody tr a[href^='/app/customers/']");
    await expect.poll(() => links.count()).toBe(Number(cell!.n));
    await app.getByLabel("Sort by").selectOption("orders");
    await app.getByRole("button", { name: "Apply" }).click();
    await app.waitForURL(/sort=orders/);
    expect(new URL(app.url()).searchParams.get("r")).toBe(String(cell!.r));
    await expect.poll(() => links.count()).toBe(Number(cell!.n));
    await screenshot("customers-rfm-cell");
    await app.getByRole("button", { name: "Remove the RFM grid cell filter" }).click();
    await app.getByRole("button", { name: "Apply" }).click();
    await app.waitForURL((url) => !url.searchParams.has("r"));
    await expect.poll(() => links.count()).toBe(50);
  });

  test("a shopper's page shows their scores as stored", async () => {
    const [best] = await rows<{ customerGid: string; segment: string; historicClvMinor: number; orderCount: number }>(
      `SELECT "customerGid", "segment", "historicClvMinor", "orderCount" FROM "CustomerScore" WHERE "shop" = ? ORDER BY "predictedClvMinor" DESC, "customerGid" DESC LIMIT 1`,
      [DOMAIN],
    );
    const list = await openApp("/app/customers");
    await list.locator("table tbody tr a[href^='/app/customers/']").first().click();
    const number = best!.customerGid.split("/").at(-1)!;
    await list.waitForURL(new RegExp(`/app/customers/${number}`));
    await list.getByRole("heading", { name: shownName(best!.customerGid) }).waitFor();
    const text = await list.locator("body").innerText();
    expect(text).toContain(best!.segment);
    expect(text).toContain(`$${(Number(best!.historicClvMinor) / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}`);
    expect(text).toMatch(new RegExp(`\\b${best!.orderCount} counted orders?\\b`));
    await screenshot("customer-detail");
  });

  test("a rule changed in settings reaches the store: the new tag on the VIPs in the simulator", async () => {
    const vipsBefore = stack.shop.customers().filter((customer) => customer.tags.includes("crm-vip"));
    expect(vipsBefore.length).toBeGreaterThan(0);
    const app = await openApp("/app/settings");
    const tag = app.locator("input[name='rules.0.tag']");
    expect(await tag.inputValue()).toBe("vip");
    await tag.fill("gold");
    await app.getByRole("button", { name: "Save" }).click();
    await app.getByText("Settings saved.").waitFor();
    await screenshot("settings-saved");
    const golden = await until(
      "the new tag in the store",
      async () => {
        const tagged = stack.shop.customers().filter((customer) => customer.tags.includes("crm-gold"));
        return tagged.length === vipsBefore.length && stack.shop.customers().every((customer) => !customer.tags.includes("crm-vip")) ? tagged : null;
      },
      60_000,
    );
    expect(golden.map((customer) => customer.gid).sort()).toEqual(vipsBefore.map((customer) => customer.gid).sort());
  });

  test("a mistake in settings is refused field by field and nothing is saved", async () => {
    const app = await openApp("/app/settings");
    await app.locator("input[name='tagPrefix']").fill("no spaces allowed");
    await app.getByRole("button", { name: "Save" }).click();
    await app.getByText("Nothing was saved").waitFor();
    // What was typed stays in the field, to be corrected.
    expect(await app.locator("input[name='tagPrefix']").inputValue()).toBe("no spaces allowed");
    await screenshot("settings-refused");
    const [kept] = await rows<{ rulesJson: string }>(`SELECT "rulesJson" FROM "LoyaltySettings" WHERE "shop" = ?`, [DOMAIN]);
    expect(JSON.parse(kept!.rulesJson).tagPrefix).toBe("crm");
  });

  test("a cell of the segment grid changed in settings rescores the shop: that cell's shoppers move, and only they", async () => {
    const app = await openApp("/app/settings");
    const [before] = await rows<{ id: number }>(`SELECT MAX("id") AS id FROM "ScoringRun" WHERE "shop" = ?`, [DOMAIN]);
    // R 5, F + M 7–8: Loyal in Shopify's groups.
    await app.locator("select[name='segments.0.2']").selectOption("Champions");
    await app.getByRole("button", { name: "Save" }).click();
    await app.getByText("The shop is being rescored with the new segment table.").waitFor();
    await until(
      "the rescoring with the shop's grid",
      async () => {
        const [run] = await rows<{ n: number }>(
          `SELECT COUNT(*) AS n FROM "ScoringRun" WHERE "shop" = ? AND "id" > ? AND "status" = 'succeeded' AND "modelParamsJson" LIKE '%shop-segment-grid%'`,
          [DOMAIN, Number(before!.id)],
        );
        return Number(run!.n) > 0 ? true : null;
      },
      // The push the save queued runs first (the web process runs one job at a time), then the rescoring.
      150_000,
    );
    const cells = await rows<{ inCell: number; segment: string; n: number }>(
      `SELECT ("rfmRecency" = 5 AND "rfmFrequency" + "rfmMonetary" BETWEEN 7 AND 8) AS inCell, "segment", COUNT(*) AS n
       FROM "CustomerScore" WHERE "shop" = ? AND "rfmRecency" IS NOT NULL GROUP BY 1, 2`,
      [DOMAIN],
    );
    expect(cells.filter((c) => Number(c.inCell) === 1).map((c) => c.segment)).toEqual(["Champions"]);
    expect(cells.some((c) => Number(c.inCell) === 0 && c.segment === "Loyal")).toBe(true);
    const settings = await openApp("/app/settings");
    await settings.locator("select[name='segments.0.2']").scrollIntoViewIfNeeded();
    expect(await settings.locator("select[name='segments.0.2']").inputValue()).toBe("Champions");
    await screenshot("settings-segment-grid");
  }, 240_000);

  test("the alerts page lists the early warnings the database holds", async () => {
    const openAlerts = async () =>
      Number((await rows<{ n: number }>(`SELECT COUNT(*) AS n FROM "LoyaltyAlert" WHERE "shop" = ? AND "doneAt" IS NULL`, [DOMAIN]))[0]!.n);
    // Which warnings the demo's rescorings raise depends on how the earlier tests moved its shoppers; none is a state
    // of its own, with its empty page. A rescoring the earlier tests queued may still raise or close some: the page is
    // compared with the database when the count is the same before and after it loads.
    await until("a page load with the alerts unchanged meanwhile", async () => {
      const before = await openAlerts();
      const app = await openApp("/app/alerts");
      await app.getByText("No alert here").or(app.locator("table tbody tr").first()).waitFor();
      const rowsShown = await app.locator("table tbody tr").count();
      const empty = await app.getByText("No alert here").isVisible();
      const after = await openAlerts();
      const shown = `${before} and ${after} open in the database; the page shows ${empty ? "its empty state" : `${rowsShown} rows`}`;
      if (before !== after) return undefined;
      expect(empty ? 0 : rowsShown, shown).toBe(Math.min(50, after));
      if (after === 0) expect(empty, shown).toBe(true);
      return true;
    });
    await screenshot("alerts");
  });

  test("missing pages and records are Polaris pages that say so", async () => {
    const app = await openApp("/app/customers/999999999");
    await app.getByRole("heading", { name: "This page does not exist" }).waitFor();
    await screenshot("not-found");
    // The frame's document is answered 404, as it should be; the browser says so in its console.
    expect(problems).toEqual(["console error: Failed to load resource: the server responded with a status of 404 (Not Found)"]);
    problems = [];
  });
});

describe("in Korean", () => {
  /**
   * What may be in Latin letters on a Korean page: abbreviations and codes (capitals, digits, dashes: CLV, RFM, VIP,
   * R-F-M, MBG/NBD, discount codes), Shopify's product names, the shop's own data (the app's tags, the rules' names),
   * the words of the rule language the merchant types (settings), and "%p", Korean for percentage points. Text in
   * <code> (metafield keys) is an identifier, and what a <textarea> holds (the rules' JSON) is the merchant's own input:
   * neither is language, and neither is read.
   */
  const ALLOWED = /^([A-Z0-9][A-Z0-9/()-]*|Shopify|Flow|Pareto\/NBD|MBG\/CNBD-k|(crm|segment)(-[a-z0-9-]*)?|p|predictedClvPercentile|pAlive|overdue|all|any)$/;

  test("every page is in Korean, with the shop's time zone and a Korean browser in Seoul", async () => {
    problems = [];
    await openBrowser({ locale: "ko-KR", timezoneId: "Asia/Seoul" });
    const [someone] = await rows<{ customerGid: string }>(`SELECT "customerGid" FROM "CustomerScore" WHERE "shop" = ? AND "orderCount" > 1 LIMIT 1`, [DOMAIN]);
    const pages = [
      ["dashboard", "/app"],
      ["customers", "/app/customers"],
      ["customer-detail", `/app/customers/${someone!.customerGid.split("/").at(-1)}`],
      ["alerts", "/app/alerts"],
      ["settings", "/app/settings"],
    ] as const;
    const [settings] = await rows<{ rulesJson: string }>(`SELECT "rulesJson" FROM "LoyaltySettings" WHERE "shop" = ?`, [DOMAIN]);
    const ruleIds = new Set<string>(["vip", "win-back", ...(settings ? JSON.parse(settings.rulesJson).rules.map((rule: { id: string }) => rule.id) : [])]);
    const english: Record<string, string[]> = {};
    /** The words of the app's page in Latin letters that are not allowed on a Korean page. */
    const latinWords = async (app: Frame) => {
      // Text node by text node: textContent would run a figure and the next element's word together ("1,980Shopify").
      const text = await app.evaluate(() => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
          // What is on screen or read out: not hidden copies (Polaris's auto-height mirror of a text area).
          acceptNode: (node) => {
            const parent = node.parentElement;
            const hidden = !parent || parent.closest("code, script, style, textarea, [aria-hidden='true']") || !parent.checkVisibility({ visibilityProperty: true });
            return hidden ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
          },
        });
        const parts: string[] = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) parts.push(node.textContent ?? "");
        return parts.join(" ");
      });
      // A closing bracket with no opening one in the word is the sentence's ("(예: crm-vip)").
      const words =
        text
          .match(/[A-Za-z0-9][A-Za-z0-9'/()-]*/g)
          ?.map((word) => (word.includes("(") ? word : word.replace(/[)'-]+$/, "")))
          .filter((word) => /[A-Za-z]/.test(word)) ?? [];
      return [...new Set(words.filter((word) => !ALLOWED.test(word) && !ruleIds.has(word)))];
    };
    for (const [name, path] of pages) {
      const app = await openApp(path, { locale: "ko" });
      await app.waitForTimeout(500);
      const left = await latinWords(app);
      if (left.length > 0) english[name] = left;
      await screenshot(`ko-${name}`);
    }
    // A mistake in settings is refused in Korean too, at its field.
    const refused = await openApp("/app/settings", { locale: "ko" });
    const prefix = refused.locator("input[name='tagPrefix']");
    await prefix.fill("CRM!");
    await refused.getByRole("button", { name: "저장", exact: true }).click();
    await refused.getByText("아무것도 저장되지 않았습니다").waitFor();
    expect(await prefix.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await prefix.getAttribute("aria-describedby"))?.split(" ") ?? [];
    const said = await Promise.all(describedBy.map((id) => refused.locator(`[id="${id}"]`).textContent()));
    expect(said.map((text) => text?.trim())).toContain("영문 소문자와 숫자를 쓰고, 하이픈은 사이에 하나씩만 넣으세요");
    const left = await latinWords(refused);
    if (left.length > 0) english["settings-refused"] = left;
    await prefix.scrollIntoViewIfNeeded();
    await screenshot("ko-settings-refused");
    expect(english).toEqual({});
  });
});

test("a headless browser that says so gets the app's page explaining why it is refused", async () => {
  problems = [];
  await openBrowser({ userAgent: null });
  const url = new URL(stack.adminUrl);
  await page.goto(url.toString());
  const frame = await until("the app's frame", async () => page.frames().find((f) => f.url().startsWith(`${stack.appUrl}/app`)));
  await frame.getByRole("heading", { name: "This page opens in a browser" }).waitFor();
  await screenshot("automated-browser-refused");
  // The library's refusal is the document's status; the page itself renders and hydrates without an error.
  expect(problems.filter((problem) => !problem.includes("410"))).toEqual([]);
  problems = [];
});
