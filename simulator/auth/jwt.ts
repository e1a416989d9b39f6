import { errors, jwtVerify, SignJWT, type JWTPayload } from "jose";

/** HS256 JSON Web Tokens (jose), as Shopify signs session tokens with the app's client secret. */

export type JwtClaims = Record<string, unknown>;

const ALGORITHM = "HS256";
const encoder = new TextEncoder();

export function signJwt(claims: JwtClaims, secret: string): Promise<string> {
  return new SignJWT(claims as JWTPayload).setProtectedHeader({ alg: ALGORITHM, typ: "JWT" }).sign(encoder.encode(secret));
}

export type JwtVerification = { valid: true; claims: JwtClaims } | { valid: false; reason: string };

/**
 * Checks the signature and the `exp` / `nbf` claims (seconds since the epoch) with `toleranceSeconds` of leeway.
 * As RFC 7519 (and jose) has it, a token is expired from its `exp` on: at `nowSeconds >= exp + toleranceSeconds`.
 */
export async function verifyJwt(token: string, secret: string, nowSeconds: number, toleranceSeconds = 10): Promise<JwtVerification> {
  try {
    const { payload } = await jwtVerify(token, encoder.encode(secret), {
      algorithms: [ALGORITHM],
      currentDate: new Date(nowSeconds * 1000),
      clockTolerance: toleranceSeconds,
    });
    return { valid: true, claims: payload };
  } catch (error) {
    return { valid: false, reason: reasonFor(error) };
  }
}

function reasonFor(error: unknown): string {
  if (error instanceof errors.JWSSignatureVerificationFailed) return "bad signature";
  if (error instanceof errors.JWTExpired) return "expired";
  if (error instanceof errors.JWTClaimValidationFailed) return error.claim === "nbf" ? "not yet valid" : `invalid "${error.claim}" claim`;
  if (error instanceof errors.JOSEAlgNotAllowed) return `algorithm is not ${ALGORITHM}`;
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return "malformed JWT";
  return error instanceof Error ? error.message : String(error);
}
