import { createHmac, randomUUID } from "node:crypto";
import { TEST_APP } from "../setup/test-env.ts";

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/**
 * A session token (ID token) as Shopify admin issues it for the embedded app: HS256 with the app secret, for the app's
 * API key, valid from a moment before `now` (default: the clock) for a minute. The options make the tokens that must
 * be refused: another secret, another app's `audience`, an expired one (`now` in the past), a not-yet-valid one
 * (`now` in the future).
 */
export function sessionToken(shop: string, options: { secret?: string; expiresInSeconds?: number; now?: Date; audience?: string } = {}): string {
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(
    JSON.stringify({
      iss: `https://${shop}/admin`,
      dest: `https://${shop}`,
      aud: options.audience ?? TEST_APP.apiKey,
      sub: "42",
      exp: now + (options.expiresInSeconds ?? 60),
      nbf: now - 5,
      iat: now - 5,
      jti: randomUUID(),
      sid: randomUUID(),
    }),
  );
  const signature = createHmac("sha256", options.secret ?? TEST_APP.apiSecret)
    .update(`${header}.${payload}`)
    .digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/** The URL Shopify admin loads in the app's iframe. */
export function embeddedUrl(appUrl: string, path: string, shop: string, token = sessionToken(shop)): string {
  const host = Buffer.from(`admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`).toString("base64url");
  const url = new URL(path, appUrl);
  url.searchParams.set("embedded", "1");
  url.searchParams.set("shop", shop);
  url.searchParams.set("host", host);
  url.searchParams.set("id_token", token);
  return url.toString();
}
