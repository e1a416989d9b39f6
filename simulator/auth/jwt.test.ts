import { describe, expect, it } from "vitest";
import { signJwt, verifyJwt } from "./jwt.ts";
import { issueSessionToken } from "./session-token.ts";

describe("HS256 JWT", () => {
  const now = 1_800_000_000;

  it("verifies what it signs and rejects a wrong secret or a tampered payload", () => {
    const token = signJwt({ sub: "1", exp: now + 60 }, "secret");
    expect(verifyJwt(token, "secret", now)).toEqual({ valid: true, claims: { sub: "1", exp: now + 60 } });
    expect(verifyJwt(token, "other", now)).toEqual({ valid: false, reason: "bad signature" });
    const [header, , signature] = token.split(".");
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: "2", exp: now + 60 })).toString("base64url")}.${signature}`;
    expect(verifyJwt(forged, "secret", now)).toEqual({ valid: false, reason: "bad signature" });
  });

  it("checks exp and nbf with the given leeway", () => {
    const token = signJwt({ exp: now, nbf: now - 60 }, "s");
    expect(verifyJwt(token, "s", now + 10, 10).valid).toBe(true);
    expect(verifyJwt(token, "s", now + 11, 10)).toEqual({ valid: false, reason: "expired" });
    expect(verifyJwt(signJwt({ nbf: now + 30 }, "s"), "s", now, 10)).toEqual({ valid: false, reason: "not yet valid" });
  });

  it("issues session tokens with Shopify admin's claims", () => {
    const token = issueSessionToken({ shop: "a.myshopify.com", apiKey: "key", apiSecret: "s", nowMs: now * 1000 });
    const result = verifyJwt(token, "s", now);
    if (!result.valid) throw new Error(result.reason);
    expect(result.claims).toMatchObject({
      iss: "https://a.myshopify.com/admin",
      dest: "https://a.myshopify.com",
      aud: "key",
      sub: "1",
      exp: now + 60,
      nbf: now,
      iat: now,
    });
    expect(result.claims.jti).toEqual(expect.any(String));
    expect(result.claims.sid).toEqual(expect.any(String));
  });
});
