import { createHmac, timingSafeEqual } from "node:crypto";

/** HS256 JSON Web Tokens, as Shopify signs session tokens with the app's client secret. */

export type JwtClaims = Record<string, unknown>;

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString("base64url");
}

function signature(signingInput: string, secret: string): Buffer {
  return createHmac("sha256", secret).update(signingInput).digest();
}

export function signJwt(claims: JwtClaims, secret: string): string {
  const signingInput = `${base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${base64url(JSON.stringify(claims))}`;
  return `${signingInput}.${base64url(signature(signingInput, secret))}`;
}

export type JwtVerification = { valid: true; claims: JwtClaims } | { valid: false; reason: string };

/** Checks the signature and the `exp` / `nbf` claims (seconds since the epoch) with `toleranceSeconds` of leeway. */
export function verifyJwt(token: string, secret: string, nowSeconds: number, toleranceSeconds = 10): JwtVerification {
  const parts = token.split(".");
  if (parts.length !== 3) return { valid: false, reason: "not a JWT" };
  const [header, payload, sig] = parts as [string, string, string];
  let headerJson: unknown;
  let claims: unknown;
  try {
    headerJson = JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return { valid: false, reason: "malformed JWT" };
  }
  if (!headerJson || typeof headerJson !== "object" || (headerJson as { alg?: unknown }).alg !== "HS256") {
    return { valid: false, reason: "algorithm is not HS256" };
  }
  const expected = signature(`${header}.${payload}`, secret);
  const given = Buffer.from(sig, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { valid: false, reason: "bad signature" };
  if (!claims || typeof claims !== "object" || Array.isArray(claims)) return { valid: false, reason: "claims are not an object" };
  const record = claims as JwtClaims;
  if (typeof record.exp === "number" && nowSeconds > record.exp + toleranceSeconds) return { valid: false, reason: "expired" };
  if (typeof record.nbf === "number" && nowSeconds < record.nbf - toleranceSeconds) return { valid: false, reason: "not yet valid" };
  return { valid: true, claims: record };
}
