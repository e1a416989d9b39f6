import { describe, expect, test } from "vitest";
import { installedJob } from "../../app/jobs/catalog.ts";
import { jobLabel } from "../../app/i18n/job-label.ts";
import { db } from "../../app/db.server.ts";
import { jobs } from "../../app/jobs/queue.server.ts";
import { loader as homeLoader } from "../../app/routes/app._index.tsx";
import { adminGraphql } from "../../app/shopify/admin-graphql.server.ts";
import { classifyFailure, TerminalError } from "../../app/shopify/errors.ts";
import { throttleDelayMs } from "../../app/shopify/throttle.ts";
import { unauthenticated } from "../../app/shopify.server.ts";
import { ShopDetailsQuery, type ShopDetailsData } from "../../app/backfill/graphql/ShopDetailsQuery.ts";
import { embeddedUrl } from "../factories/session-token.ts";
import { runJobs } from "../support/jobs.ts";
import { useSimulatedStore } from "../support/simulated-store.ts";

// A small bucket (40 points, 20 a second), so that a few dozen requests at once are throttled.
const BUCKET = { maximumAvailable: 40, restoreRate: 20 };
const store = useSimulatedStore({ bucket: BUCKET });

let shops = 0;
/** A shop with the app installed through Shopify admin (token exchange), its install job run. */
async function installedShop() {
  const domain = `failing-${++shops}.myshopify.com`;
  const shop = store.sim.createShop(domain);
  const url = embeddedUrl(store.appUrl, "/app", domain, await store.sim.sessionToken(domain));
  await homeLoader({ request: new Request(url), params: {}, context: {} });
  await runJobs();
  const { admin } = await unauthenticated.admin(domain);
  return { domain, shop, admin };
}

/** The waits adminGraphql took between its tries. */
function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe("terminal answers stop at once", () => {
  test.each([
    ["frozen", /frozen until its bill is paid \(402\)/],
    ["locked", /locked by Shopify \(423\)/],
    ["closed", /not found \(404\)/],
  ] as const)("a %s shop: no retry, and the job is dead with the reason", async (availability, reason) => {
    const { domain, shop, admin } = await installedShop();
    shop.setAvailability(availability);
    const { waits, sleep } = recordingSleep();
    const call = adminGraphql<ShopDetailsData>(admin, ShopDetailsQuery, undefined, { sleep });
    await expect(call).rejects.toThrow(TerminalError);
    await expect(call).rejects.toThrow(reason);
    expect(waits).toEqual([]);

    await jobs.send(installedJob, { shop: domain });
    await runJobs();
    const [dead] = await jobs.deadJobs(domain);
    expect(dead).toMatchObject({ name: "installed", attempts: 1, error: expect.stringMatching(reason) });
    // In the classifier's words, which the merchant reads, not the client library's dump of the answer.
    expect(dead!.error).not.toMatch(/networkStatusCode|GraphQL Client/);

    // The merchant sees it on the home page.
    const url = embeddedUrl(store.appUrl, "/app", domain, await store.sim.sessionToken(domain));
    const home = (await homeLoader({ request: new Request(url), params: {}, context: {} })) as { deadJobs: { name: string; error: string }[] };
    expect(home.deadJobs).toEqual([expect.objectContaining({ name: "installed", error: expect.stringMatching(reason) })]);
    expect(jobLabel(home.deadJobs[0]!.name, "en")).toBe("Reading the shop and starting the history import");
    expect(jobLabel(home.deadJobs[0]!.name, "ko")).toBe("상점 정보 읽기 및 기록 가져오기 시작");
  });

  test("a token Shopify refuses (401, the app was uninstalled) and a missing permission (403) are terminal", async () => {
    const { shop, admin } = await installedShop();
    shop.failNextAdminRequests({ status: 403 });
    await expect(adminGraphql(admin, ShopDetailsQuery)).rejects.toThrow(/refused the request \(403\): the app lacks a permission/);
    shop.uninstallApp();
    await expect(adminGraphql(admin, ShopDetailsQuery)).rejects.toThrow(/refused the app's access token \(401\)/);
  });

  test("a shop without an offline session: its job is dead at the first try, not retried ten times", async () => {
    const { domain } = await installedShop();
    await db.session.deleteMany({ where: { shop: domain } });
    await expect(unauthenticated.admin(domain).catch((error: unknown) => Promise.reject(classifyFailure(error)))).rejects.toMatchObject({
      kind: "terminal",
    });
    await jobs.send(installedJob, { shop: domain });
    await runJobs();
    expect(await jobs.deadJobs(domain)).toEqual([expect.objectContaining({ attempts: 1, error: expect.stringMatching(/session/i) })]);
  });
});

describe("retryable answers are tried again", () => {
  test("429: after the Retry-After Shopify sends", async () => {
    const { shop, admin } = await installedShop();
    shop.failNextAdminRequests({ status: 429, retryAfterSeconds: 1.5 });
    const { waits, sleep } = recordingSleep();
    const data = await adminGraphql<ShopDetailsData>(admin, ShopDetailsQuery, undefined, { sleep });
    expect(data.shop.name).toBeTruthy();
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(1_500);
    expect(waits[0]).toBeLessThanOrEqual(1_800);
  });

  test("5xx: with exponential backoff and jitter, then the answer", async () => {
    const { shop, admin } = await installedShop();
    shop.failNextAdminRequests({ status: 503 }, { status: 500 }, { status: 502 });
    const { waits, sleep } = recordingSleep();
    await adminGraphql<ShopDetailsData>(admin, ShopDetailsQuery, undefined, { sleep });
    expect(waits).toHaveLength(3);
    // 500 ms, 1 s, 2 s, each with up to half taken off.
    [500, 1_000, 2_000].forEach((full, i) => {
      expect(waits[i]).toBeGreaterThanOrEqual(full / 2);
      expect(waits[i]).toBeLessThanOrEqual(full);
    });
  });

  test("5xx that does not stop: thrown as retryable for the job, after the tries", async () => {
    const { shop, admin } = await installedShop();
    shop.failNextAdminRequests({ status: 503 }, { status: 503 }, { status: 503 });
    const { sleep } = recordingSleep();
    const error = await adminGraphql(admin, ShopDetailsQuery, undefined, { sleep, tries: 3 }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(TerminalError);
    expect(classifyFailure(error)).toMatchObject({ kind: "retry", reason: expect.stringMatching(/503/) });
  });

  test("a request that gets no answer in time is tried again", async () => {
    const { shop, admin } = await installedShop();
    shop.failNextAdminRequests({ delayMs: 1_000 });
    const { waits, sleep } = recordingSleep();
    const data = await adminGraphql<ShopDetailsData>(admin, ShopDetailsQuery, undefined, { sleep, timeoutMs: 300 });
    expect(data.shop.name).toBeTruthy();
    expect(waits).toHaveLength(1);
  });

  // Unpaced, so that the burst runs the bucket dry (paced, it is never throttled: admin-pacing.db.test.ts).
  test("THROTTLED: after the time the bucket needs to refill at its restore rate", async () => {
    const { admin } = await installedShop();
    const { waits, sleep } = recordingSleep();
    const realSleep = async (ms: number) => {
      await sleep(ms);
      await new Promise((done) => setTimeout(done, ms));
    };
    const answers = await Promise.all(
      Array.from({ length: 48 }, () => adminGraphql<ShopDetailsData>(admin, ShopDetailsQuery, undefined, { sleep: realSleep, tries: 30, pace: false })),
    );
    expect(answers.every((a) => a.shop.name)).toBe(true);
    expect(waits.length).toBeGreaterThan(0);
    // A one-point query waits at most the time the empty bucket needs to restore one point (1/20 s, +50 ms margin),
    // plus the jitter: far less than the backoff a failure without a reported wait gets (250 ms at least).
    const oneQuery = throttleDelayMs({ requestedQueryCost: 1, throttleStatus: { ...BUCKET, currentlyAvailable: 0 } });
    for (const wait of waits) expect(wait).toBeLessThanOrEqual(Math.ceil(oneQuery * 1.2));
  });
});
