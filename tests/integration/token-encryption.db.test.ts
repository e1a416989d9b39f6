/**
 * The Shopify tokens in the Session table are encrypted at rest (docs/decisions/0011-token-encryption-at-rest.md), and
 * the app still reaches the store with them: installed through a real token exchange with the store simulator, which
 * answers only requests that carry a live token of the shop.
 */
import { expect, test } from "vitest";
import { ShopDetailsQuery, type ShopDetailsData } from "../../app/backfill/graphql/ShopDetailsQuery.ts";
import { db } from "../../app/db.server.ts";
import { loader as homeLoader } from "../../app/routes/app._index.tsx";
import { adminGraphql } from "../../app/shopify/admin-graphql.server.ts";
import { sessionStorage, unauthenticated } from "../../app/shopify.server.ts";
import { embeddedUrl } from "../factories/session-token.ts";
import { useSimulatedStore } from "../support/simulated-store.ts";

const store = useSimulatedStore();
const ENCRYPTED = /^v1:[A-Za-z0-9_-]{8}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/;
const HOUR = 3_600_000;

let shops = 0;
const newShop = () => {
  const domain = `tokens-${++shops}.myshopify.com`;
  return { domain, shop: store.sim.createShop(domain, { currencyCode: "USD" }) };
};
const sessionRow = (domain: string) => db.session.findUniqueOrThrow({ where: { id: `offline_${domain}` } });
const live = (domain: string, token: string | null | undefined) => (token ? store.sim.tokens.lookup(domain, token, Date.now()) : null);
/** Every column of a row as text, for a search of what it holds. */
const rowText = (row: object) => JSON.stringify(row, (_key, value) => (typeof value === "bigint" ? String(value) : value));

test("after install the Session row holds neither token, and the app calls the store with the token it encrypted", async () => {
  const { domain, shop } = newShop();
  const customer = shop.createCustomer({}, { silent: true });
  for (const totalMinor of [2_500, 4_000]) shop.createOrder({ customerGid: customer.gid, totalMinor }, { silent: true });

  await homeLoader({ request: new Request(embeddedUrl(store.appUrl, "/app", domain, await store.sim.sessionToken(domain))), params: {}, context: {} });

  const row = await sessionRow(domain);
  expect(row.accessToken).toMatch(ENCRYPTED);
  expect(row.refreshToken).toMatch(ENCRYPTED);
  // What the column holds opens nothing at the store.
  expect(live(domain, row.accessToken)).toBeNull();
  expect(live(domain, row.refreshToken)).toBeNull();

  // The session the library loads has the token the store issued, and that token appears nowhere in the row.
  const session = await sessionStorage.loadSession(`offline_${domain}`);
  const token = session?.accessToken as string;
  expect(token).toMatch(/^shpat_/);
  expect(live(domain, token)).toMatchObject({ shop: domain, kind: "offline-expiring" });
  expect(session?.refreshToken).toMatch(/^shprt_/);
  expect(rowText(row)).not.toContain(token);
  expect(rowText(row)).not.toContain(session?.refreshToken as string);

  // The app's own calls: the installed job asks for the shop's details and backfills its history with the token.
  await store.settle();
  expect(await db.shop.findUniqueOrThrow({ where: { domain } })).toMatchObject({ backfillStatus: "completed", currencyCode: "USD" });
  expect((await db.order.findMany({ where: { shop: domain }, select: { gid: true } })).map((o) => o.gid).sort()).toEqual(
    shop
      .orders()
      .map((o) => o.gid)
      .sort(),
  );
  const { admin } = await unauthenticated.admin(domain);
  const details = await adminGraphql<ShopDetailsData>(admin, ShopDetailsQuery);
  expect(details.shop.currencyCode).toBe("USD");
});

test("a plain token stored before encryption is still used, and the next store of the session (a refresh) encrypts it", async () => {
  const { domain } = newShop();
  // A row as the app wrote it before encryption: an expiring offline token issued two hours ago, now expired.
  const issued = store.sim.tokens.issueOffline(domain, true, Date.now() - 2 * HOUR);
  await db.session.create({
    data: {
      id: `offline_${domain}`,
      shop: domain,
      state: "",
      isOnline: false,
      scope: process.env.SCOPES,
      accessToken: issued.access_token,
      expires: new Date(Date.now() - HOUR),
      refreshToken: issued.refresh_token,
      refreshTokenExpires: new Date(Date.now() + 30 * 24 * HOUR),
    },
  });

  // The library reads the plain refresh token, refreshes at the store, and stores the new session: encrypted.
  const { admin } = await unauthenticated.admin(domain);
  expect((await adminGraphql<ShopDetailsData>(admin, ShopDetailsQuery)).shop.currencyCode).toBe("USD");

  const row = await sessionRow(domain);
  expect(row.accessToken).toMatch(ENCRYPTED);
  expect(row.refreshToken).toMatch(ENCRYPTED);
  const session = await sessionStorage.loadSession(`offline_${domain}`);
  expect(session?.accessToken).not.toBe(issued.access_token);
  expect(live(domain, session?.accessToken)).toMatchObject({ shop: domain });
  expect(rowText(row)).not.toContain(session?.accessToken as string);
});

test("a plain token that nothing refreshes keeps working; reading it does not rewrite the row", async () => {
  const { domain } = newShop();
  const issued = store.sim.tokens.issueOffline(domain, false, Date.now());
  await db.session.create({
    data: { id: `offline_${domain}`, shop: domain, state: "", isOnline: false, scope: process.env.SCOPES, accessToken: issued.access_token },
  });

  const { admin } = await unauthenticated.admin(domain);
  expect((await adminGraphql<ShopDetailsData>(admin, ShopDetailsQuery)).shop.currencyCode).toBe("USD");
  expect((await sessionRow(domain)).accessToken).toBe(issued.access_token);

  // Stored again (as a token exchange or a refresh does), it is encrypted.
  const session = await sessionStorage.loadSession(`offline_${domain}`);
  if (!session) throw new Error("the session did not load");
  await sessionStorage.storeSession(session);
  expect((await sessionRow(domain)).accessToken).toMatch(ENCRYPTED);
  expect((await sessionStorage.loadSession(`offline_${domain}`))?.accessToken).toBe(issued.access_token);
});
