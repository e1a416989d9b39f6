import { randomBytes, randomUUID } from "node:crypto";
import { signJwt, type JwtClaims } from "./jwt.ts";

export interface SessionTokenInput {
  shop: string;
  apiKey: string;
  apiSecret: string;
  nowMs: number;
  /** Overrides and extra claims (for example `{ exp: <past> }` for an expired token, or another `sub`). */
  claims?: Partial<JwtClaims>;
}

/**
 * A session token (ID token) as Shopify admin hands it to an embedded app: HS256 with the client secret,
 * `iss` the shop's admin, `dest` the shop, `aud` the API key, valid for one minute.
 */
export function issueSessionToken({ shop, apiKey, apiSecret, nowMs, claims = {} }: SessionTokenInput): Promise<string> {
  const now = Math.floor(nowMs / 1000);
  return signJwt(
    {
      iss: `https://${shop}/admin`,
      dest: `https://${shop}`,
      aud: apiKey,
      sub: "1",
      exp: now + 60,
      nbf: now,
      iat: now,
      jti: randomUUID(),
      sid: randomBytes(16).toString("hex"),
      ...claims,
    },
    apiSecret,
  );
}
