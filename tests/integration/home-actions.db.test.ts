import { beforeEach, expect, test } from "vitest";
import { db } from "../../app/db.server.ts";
import { action as homeAction } from "../../app/routes/app._index.tsx";
import { sessionToken } from "../factories/session-token.ts";
import { runJobs } from "../support/jobs.ts";

const shop = "home-actions.myshopify.com";
const appUrl = process.env.SHOPIFY_APP_URL as string;

function post(form: Record<string, string>, forShop = shop): Request {
  return new Request(`${appUrl}/app?index`, {
    method: "POST",
    headers: { Authorization: `Bearer ${sessionToken(forShop)}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
}

beforeEach(async () => {
  for (const s of [shop, "neighbour.myshopify.com"]) {
    // Both scored a moment ago, so neither is due for its daily rescoring.
    await db.shop.create({
      data: {
        domain: s,
        state: "installed",
        installedAt: new Date(),
        ianaTimezone: "UTC",
        backfillStatus: "completed",
        lastRescoreAt: new Date(),
        nextDailyRescoreAt: new Date(Date.now() + 86_400_000),
      },
    });
    await db.session.create({ data: { id: `offline_${s}`, shop: s, state: "", scope: process.env.SCOPES, accessToken: "t" } });
  }
});

test('"Rescore now" rescores the merchant\'s shop, and only it', async () => {
  await db.customer.create({ data: { shop, gid: "gid://shopify/Customer/1" } });
  const before = new Date();
  expect(await homeAction({ request: post({ intent: "rescore" }), params: {}, context: {} })).toBeNull();
  const neighbour = await db.shop.findUniqueOrThrow({ where: { domain: "neighbour.myshopify.com" } });
  expect(neighbour.rescoreDueAt).toBeNull();

  await runJobs();
  const runs = await db.scoringRun.findMany();
  expect(runs.map((r) => [r.shop, r.status])).toEqual([[shop, "succeeded"]]);
  expect(runs[0]?.startedAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
  expect(await db.customerScore.count({ where: { shop } })).toBe(1);
});
