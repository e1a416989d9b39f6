/**
 * Hostile input on the app's own routes (issue 10, item 4), asked of the whole app as Remix serves it with a valid
 * session token: the corpus in tests/fixtures/hostile/ (SQL and search-syntax injection, markup, forged page cursors,
 * numbers beyond any column, repeated parameters, hostile settings fields, ids that are not ids) and huge inputs made
 * here. Each is refused with a 4xx, or with a message at the parameter or field it names, nothing is stored from it,
 * nothing is answered 500, no markup comes back unescaped, and the app answers a plain request afterwards. The CSV
 * exports write no cell that a spreadsheet would run as a formula, whatever the stored text.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { parseCsv } from "../../app/cli/csv.ts";
import { db } from "../../app/db.server.ts";
import { embeddedUrl, sessionToken } from "../factories/session-token.ts";
import { MODELS, delegate } from "../support/datamodel.ts";
import { remixApp } from "../support/remix-app.ts";
import { useSimulatedStore } from "../support/simulated-store.ts";

const store = useSimulatedStore();
const SHOP = "hostile-admin.myshopify.com";
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
const DAY = 86_400_000;
const fixture = <T>(name: string): T => JSON.parse(readFileSync(resolve(import.meta.dirname, "../fixtures/hostile", name), "utf8")) as T;

interface RefusedQuery {
  name: string;
  query: string;
  after?: unknown;
  field: string;
  message: string;
}
interface AcceptedQuery {
  name: string;
  query: string;
  rows: number;
}
const LIST = fixture<{ refused: RefusedQuery[]; accepted: AcceptedQuery[] }>("customers-list.json");
const SETTINGS = fixture<{ refused: { name: string; fields: Record<string, string>; field: string }[] }>("settings-form.json");
const ROUTES = fixture<{ requests: { name: string; method: "GET" | "POST"; path: string; form?: Record<string, string>; status: number; error?: boolean }[] }>(
  "admin-routes.json",
);

/** Text a spreadsheet runs as a formula (OWASP, CSV injection), stored where the exports read it (no commas: tags are comma-separated). */
const FORMULAS = ['=HYPERLINK("http://evil.example")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1"];

let app: (request: Request) => Promise<Response>;
const gids: string[] = [];
let alertId = 0;
let requestId = 0;

beforeAll(async () => {
  const shop = store.sim.createShop(SHOP, { currencyCode: "USD", ianaTimezone: "UTC" });
  for (const [firstName, lastName] of [
    ["Ada", "Lovelace"],
    ["Grace", "Hopper"],
    ["Tag", "Vip"],
  ]) {
    gids.push(shop.createCustomer({ firstName, lastName, email: `${firstName}@example.com`.toLowerCase(), tags: ["vip"] }, { silent: true }).gid);
  }
  app = await remixApp();
});

const url = (path: string) => new URL(path, store.appUrl).toString();
const token = () => sessionToken(SHOP);
const get = (path: string) => new Request(url(path), { headers: { "User-Agent": BROWSER, Authorization: `Bearer ${token()}` } });
const post = (path: string, body: string) =>
  new Request(url(path), {
    method: "POST",
    headers: { "User-Agent": BROWSER, Authorization: `Bearer ${token()}`, "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
const listData = (query: string) => get(`/app/customers?${query}${query ? "&" : ""}_data=routes%2Fapp.customers._index`);

beforeEach(async () => {
  expect((await app(get("/app?_data=routes%2Fapp"))).status, "opening the app").toBe(200);
  const now = Date.now();
  const run = await db.scoringRun.create({
    data: { shop: SHOP, trigger: "requested", status: "succeeded", startedAt: new Date(now - DAY), observationEnd: "2026-11-30" },
  });
  await db.shop.update({
    where: { domain: SHOP },
    data: { currencyCode: "USD", ianaTimezone: "UTC", backfillStatus: "completed", nextDailyRescoreAt: new Date(now + DAY) },
  });
  for (const [i, gid] of gids.entries()) {
    await db.customerScore.create({
      data: {
        shop: SHOP,
        customerGid: gid,
        scoringRunId: run.id,
        scoredAt: new Date(now - DAY),
        segment: "Champions",
        rfmRecency: 5,
        rfmFrequency: 4,
        orderCount: 2 + i,
        lastPurchaseOn: `2026-11-0${i + 1}`,
        historicClvMinor: BigInt(10_000 * (i + 1)),
        predictedClvMinor: 5_000n,
        pAlive: 0.8,
      },
    });
    // What the app pushed, as stored; a spreadsheet must not run any of it.
    await db.pushedState.create({ data: { shop: SHOP, customerGid: gid, tags: FORMULAS[i] ?? "crm-vip", pushedAt: new Date(now - DAY) } });
    await db.loyaltyOffer.create({
      data: {
        shop: SHOP,
        ruleId: "vip",
        customerGid: gid,
        holdout: false,
        percentOff: 10,
        offeredAt: new Date(now - DAY),
        endsAt: new Date(now + 9 * DAY),
        codes: "per-shopper",
        code: FORMULAS[i + 3] ?? "CODE",
        status: "created",
      },
    });
  }
  const alert = await db.loyaltyAlert.create({
    data: {
      shop: SHOP,
      kind: "vip-lost",
      customerGid: gids[0]!,
      segment: "At risk",
      scoringRunId: run.id,
      subject: gids[0]!,
      detail: JSON.stringify({ tag: "crm-vip", segment: "At risk" }),
      raisedAt: new Date(now - DAY),
    },
  });
  alertId = alert.id;
  requestId = (await db.dataRequest.create({ data: { shop: SHOP, requestId: "r-1", customerGid: gids[0]!, document: "{}" } })).id;
  for (const [i, text] of FORMULAS.entries()) {
    await db.pushAudit.create({ data: { shop: SHOP, at: new Date(now - DAY + i), action: "tags-add", customerGid: gids[0]!, detail: text, result: text } });
  }
});

/** Every row of every table, to compare before and after. */
async function everything(): Promise<string> {
  const all: Record<string, string[]> = {};
  for (const model of MODELS) {
    const found = await (delegate(model) as unknown as { findMany(): Promise<unknown[]> }).findMany();
    all[model.name] = found.map((row) => JSON.stringify(row, (_, v) => (typeof v === "bigint" ? `${v}n` : v))).sort();
  }
  return JSON.stringify(all, null, 1);
}

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const queryOf = (entry: RefusedQuery) => [entry.query, entry.after === undefined ? "" : `after=${cursor(entry.after)}`].filter(Boolean).join("&");

interface ListData {
  errors: Record<string, string>;
  page: { rows: { customerGid: string }[] };
}

/** The app still lists the shop's shoppers: the refused request left it answering. */
async function stillAnswers(): Promise<void> {
  const response = await app(listData(""));
  expect(response.status).toBe(200);
  expect(((await response.json()) as ListData).page.rows).toHaveLength(gids.length);
}

/** Markup of the request must not come back as markup: React escapes text, Remix's data in the page escapes "<". */
function expectNoMarkupEchoed(html: string, query: string): void {
  for (const [, value] of new URLSearchParams(query)) if (/[<>]/.test(value)) expect(html, "markup echoed unescaped").not.toContain(value);
}

describe("the customers list refuses a hostile query at the parameter it names, and stores nothing", () => {
  const huge: RefusedQuery[] = [
    { name: "a search of 100,000 characters", query: `q=${"a".repeat(100_000)}`, field: "q", message: "at most 100" },
    { name: "a cursor of a megabyte", query: `after=${"A".repeat(2 ** 20)}`, field: "after", message: "at most 300" },
    { name: "a tag of 10,000 characters", query: `tag=${"a".repeat(10_000)}`, field: "tag", message: "at most 60" },
    { name: "a number of 10,000 digits", query: `minClv=${"9".repeat(10_000)}`, field: "minClv", message: "must be a number" },
    {
      name: "a segment given 10,000 times",
      query: Array.from({ length: 10_000 }, () => "segment=Loyal").join("&"),
      field: "segment",
      message: "given more than once",
    },
  ];
  test.each([...LIST.refused, ...huge])("$name", async (entry) => {
    const query = queryOf(entry);
    const before = await everything();

    const answer = await app(listData(query));
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as ListData;
    expect(Object.keys(body.errors), JSON.stringify(body.errors).slice(0, 300)).toContain(entry.field);
    expect(body.errors[entry.field]).toContain(entry.message);
    expect(body.errors[entry.field]!.length, "the message is short, whatever the input").toBeLessThan(400);
    expect(body.page.rows).toEqual([]);

    const page = await app(new Request(embeddedUrl(store.appUrl, `/app/customers?${query}`, SHOP, token()), { headers: { "User-Agent": BROWSER } }));
    expect(page.status).toBe(200);
    const html = await page.text();
    expectNoMarkupEchoed(html, query);

    const csv = await app(get(`/app/customers.csv?${query}`));
    expect(csv.status).toBe(400);
    const refused = (await csv.json()) as { errors: Record<string, string> };
    expect(refused.errors[entry.field]).toContain(entry.message);

    expect(await everything()).toBe(before);
    await stillAnswers();
  });
});

describe("search text is taken as a phrase, never as Shopify's search syntax or SQL", () => {
  test.each(LIST.accepted)("$name", async (entry) => {
    const before = await everything();
    const answer = await app(listData(entry.query));
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as ListData;
    expect(body.errors).toEqual({});
    expect(body.page.rows).toHaveLength(entry.rows);
    const csv = await app(get(`/app/customers.csv?${entry.query}`));
    expect(csv.status).toBe(200);
    expect(parseCsv(await csv.text())).toHaveLength(1 + entry.rows);
    expect(await everything()).toBe(before);
  });

  test("the phrase search finds the shopper it names (so that the cases above can fail)", async () => {
    const body = (await (await app(listData("q=Grace Hopper"))).json()) as ListData;
    expect(body.page.rows.map((row) => row.customerGid)).toEqual([gids[1]]);
  });
});

describe("the CSV exports write no cell a spreadsheet runs as a formula", () => {
  const FORMULA_START = /^[=+\-@\t\r]/;
  for (const [name, path] of [
    ["the customers CSV", "/app/customers.csv"],
    ["the customers CSV, filtered", "/app/customers.csv?segment=Champions&minAlive=10&sort=orders&dir=asc"],
    ["the push audit CSV", "/app/audit.csv"],
  ] as const) {
    test(name, async () => {
      const answer = await app(get(path));
      expect(answer.status).toBe(200);
      const records = parseCsv(await answer.text());
      const cells = records.slice(1).flatMap((record) => record.fields);
      // Each stored formula is in the export, as text (the reader gives a line break inside quotes as "\n").
      for (const text of path.startsWith("/app/audit") ? FORMULAS : FORMULAS.slice(0, gids.length * 2)) {
        expect(cells, `${JSON.stringify(text)} as text`).toContain(`'${text.replaceAll("\r", "\n")}`);
      }
      expect(cells.filter((cell) => FORMULA_START.test(cell))).toEqual([]);
    });
  }
});

describe("the settings form refuses hostile fields at the field, and stores nothing", () => {
  async function formValues(): Promise<Record<string, string>> {
    const answer = await app(get("/app/settings?_data=routes%2Fapp.settings"));
    return ((await answer.json()) as { values: Record<string, string> }).values;
  }
  const save = (body: string) => app(post("/app/settings?_data=routes%2Fapp.settings", body));

  const nested = (depth: number) => `${'{"all":['.repeat(depth)}{"segment":["Champions"]}${"]}".repeat(depth)}`;
  const huge: { name: string; fields: Record<string, string>; field: string }[] = [
    { name: "a tag prefix of 5 MB", fields: { tagPrefix: "a".repeat(5 * 2 ** 20) }, field: "tagPrefix" },
    { name: "a condition nested 10,000 deep", fields: { "rules.0.when": nested(10_000) }, field: "rules.0.when" },
    { name: "a condition nested 200 deep", fields: { "rules.0.when": nested(200) }, field: "rules.0.when" },
    {
      name: "a condition naming a segment 100,000 times",
      fields: { "rules.0.when": JSON.stringify({ segment: Array(100_000).fill("Champions") }) },
      field: "rules.0.when",
    },
    { name: "a rule's tag of 1 MB", fields: { "rules.0.tag": "t".repeat(2 ** 20) }, field: "rules.0.tag" },
  ];
  test.each([...SETTINGS.refused, ...huge])("$name", async (entry) => {
    const values = { ...(await formValues()), ...entry.fields };
    const before = await everything();
    const started = Date.now();
    const answer = await save(new URLSearchParams(values).toString());
    expect(Date.now() - started, "answered within seconds").toBeLessThan(10_000);
    expect(answer.status).toBe(200);
    const result = (await answer.json()) as { saved: boolean; errors?: Record<string, { key: string }> };
    expect(result.saved).toBe(false);
    expect(Object.keys(result.errors ?? {}), JSON.stringify(result.errors).slice(0, 300)).toContain(entry.field);
    expect(result.errors?.[entry.field]?.key).toMatch(/^settings\.error\./);
    expect(await everything()).toBe(before);
  });

  test("a hostile value sent after a valid one for the same field is the one refused", async () => {
    const values = await formValues();
    const before = await everything();
    const body = `${new URLSearchParams(values)}&tagPrefix=${encodeURIComponent("<script>")}`;
    const result = (await (await save(body)).json()) as { saved: boolean; errors?: Record<string, unknown> };
    expect(result.saved).toBe(false);
    expect(Object.keys(result.errors ?? {})).toContain("tagPrefix");
    expect(await everything()).toBe(before);
  });

  test("the page's own values save (so that the cases above can fail)", async () => {
    const before = await everything();
    const result = (await (await save(new URLSearchParams({ ...(await formValues()), tagPrefix: "club" }).toString())).json()) as { saved: boolean };
    expect(result.saved).toBe(true);
    expect(await everything()).not.toBe(before);
  });
});

describe("ids that are not ids, on the other routes, are a 4xx or the page's defaults with a message", () => {
  const fill = (text: string) => text.replaceAll(":alert", String(alertId)).replaceAll(":request", String(requestId));
  test.each(ROUTES.requests)("$name", async (entry) => {
    const before = await everything();
    const path = fill(entry.path);
    const request =
      entry.method === "POST"
        ? post(path, new URLSearchParams(Object.fromEntries(Object.entries(entry.form ?? {}).map(([k, v]) => [k, fill(v)]))).toString())
        : get(path);
    const answer = await app(request);
    const text = await answer.text();
    expect(answer.status, text.slice(0, 300)).toBe(entry.status);
    if (entry.error) expect((JSON.parse(text) as { invalidParams: string[] }).invalidParams.length, text.slice(0, 300)).toBeGreaterThan(0);
    expect(await everything()).toBe(before);
  });

  test("the shop's own alert and data request are found by their ids (so that the cases above can fail)", async () => {
    expect((await app(get(`/app/data-requests/${requestId}`))).status).toBe(200);
    const marked = await app(post("/app/alerts?_data=routes%2Fapp.alerts", new URLSearchParams({ id: String(alertId), intent: "done" }).toString()));
    expect(marked.status).toBe(200);
    expect((await db.loyaltyAlert.findUniqueOrThrow({ where: { id: alertId } })).doneAt).not.toBeNull();
  });
});
