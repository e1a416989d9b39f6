import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signJwt, verifyJwt } from "./jwt.ts";
import { issueSessionToken } from "./session-token.ts";

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

describe("HS256 JWT", () => {
  const now = 1_800_000_000;

  it("signs a standard compact HS256 JWT", async () => {
    const token = await signJwt({ sub: "1", exp: now + 60 }, "secret");
    const [header, payload, signature] = token.split(".") as [string, string, string];
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual({ alg: "HS256", typ: "JWT" });
    expect(JSON.parse(Buffer.from(payload, "base64url").toString())).toEqual({ sub: "1", exp: now + 60 });
    expect(signature).toBe(createHmac("sha256", "secret").update(`${header}.${payload}`).digest("base64url"));
  });

  it("verifies what it signs and rejects a wrong secret or a tampered payload", async () => {
    const token = await signJwt({ sub: "1", exp: now + 60 }, "secret");
    expect(await verifyJwt(token, "secret", now)).toEqual({ valid: true, claims: { sub: "1", exp: now + 60 } });
    expect(await verifyJwt(token, "other", now)).toEqual({ valid: false, reason: "bad signature" });
    const [header, , signature] = token.split(".");
    const forged = `${header}.${base64url(JSON.stringify({ sub: "2", exp: now + 60 }))}.${signature}`;
    expect(await verifyJwt(forged, "secret", now)).toEqual({ valid: false, reason: "bad signature" });
  });

  it("rejects other algorithms, unsigned tokens and what is not a JWT", async () => {
    const payload = base64url(JSON.stringify({ sub: "1" }));
    const hs512Header = base64url(JSON.stringify({ alg: "HS512", typ: "JWT" }));
    const hs512 = `${hs512Header}.${payload}.${createHmac("sha512", "s").update(`${hs512Header}.${payload}`).digest("base64url")}`;
    expect(await verifyJwt(hs512, "s", now)).toEqual({ valid: false, reason: "algorithm is not HS256" });
    const unsigned = `${base64url(JSON.stringify({ alg: "none" }))}.${payload}.`;
    expect((await verifyJwt(unsigned, "s", now)).valid).toBe(false);
    expect(await verifyJwt("not-a-token", "s", now)).toEqual({ valid: false, reason: "malformed JWT" });
  });

  it("checks exp and nbf with the given leeway (exp itself is already expired)", async () => {
    const token = await signJwt({ exp: now, nbf: now - 60 }, "s");
    expect((await verifyJwt(token, "s", now + 9, 10)).valid).toBe(true);
    expect(await verifyJwt(token, "s", now + 10, 10)).toEqual({ valid: false, reason: "expired" });
    expect(await verifyJwt(token, "s", now, 0)).toEqual({ valid: false, reason: "expired" });
    expect(await verifyJwt(await signJwt({ nbf: now + 30 }, "s"), "s", now, 10)).toEqual({ valid: false, reason: "not yet valid" });
    expect((await verifyJwt(await signJwt({ nbf: now + 10 }, "s"), "s", now, 10)).valid).toBe(true);
  });

  it("issues session tokens with Shopify admin's claims", async () => {
    const token = await issueSessionToken({ shop: "a.myshopify.com", apiKey: "key", apiSecret: "s", nowMs: now * 1000 });
    const result = await verifyJwt(token, "s", now);
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
