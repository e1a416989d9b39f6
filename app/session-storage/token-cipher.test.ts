import { randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import { createTokenCipher, keyId, parseKey, TokenDecryptionError } from "./token-cipher.server.ts";

const newKey = () => randomBytes(32).toString("base64");
const CONTEXT = "Session.accessToken of offline_a.myshopify.com";
const TOKEN = "shpat_0123456789abcdef0123456789abcdef";

/** The stored value with one byte of its `index`th part (0 = version ... 4 = ciphertext) changed. */
function withPartChanged(stored: string, index: number): string {
  const parts = stored.split(":");
  const bytes = Buffer.from(parts[index] as string, "base64url");
  bytes[0] = (bytes[0] as number) ^ 0x01;
  parts[index] = bytes.toString("base64url");
  return parts.join(":");
}

describe("parseKey", () => {
  test("takes 32 bytes in base64, standard or url alphabet, with or without padding", () => {
    const key = randomBytes(32);
    expect(parseKey(key.toString("base64"))?.equals(key)).toBe(true);
    expect(parseKey(key.toString("base64url"))?.equals(key)).toBe(true);
    expect(parseKey(` ${key.toString("base64")}\n`)?.equals(key)).toBe(true);
  });

  test("refuses other lengths and text that is not base64", () => {
    expect(parseKey(randomBytes(31).toString("base64"))).toBeNull();
    expect(parseKey(randomBytes(33).toString("base64"))).toBeNull();
    expect(parseKey(randomBytes(16).toString("hex"))).toBeNull();
    expect(parseKey(`${"!".repeat(43)}=`)).toBeNull();
    expect(parseKey("")).toBeNull();
  });
});

describe("the token cipher", () => {
  test("round trip: v1:<keyId>:<iv>:<tag>:<ciphertext> in base64url, a fresh 96-bit IV each time", () => {
    const key = newKey();
    const cipher = createTokenCipher({ current: key });
    const stored = cipher.encrypt(TOKEN, CONTEXT);
    const [version, id, iv, tag, ciphertext, ...rest] = stored.split(":");
    expect(rest).toEqual([]);
    expect(version).toBe("v1");
    expect(id).toBe(keyId(parseKey(key) as Buffer));
    expect(id).toBe(cipher.currentKeyId);
    for (const part of [iv, tag, ciphertext]) expect(part).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(iv as string, "base64url")).toHaveLength(12);
    expect(Buffer.from(tag as string, "base64url")).toHaveLength(16);
    expect(stored).not.toContain(TOKEN);
    expect(cipher.isEncrypted(stored)).toBe(true);
    expect(cipher.decrypt(stored, CONTEXT)).toBe(TOKEN);

    const again = cipher.encrypt(TOKEN, CONTEXT);
    expect(again).not.toBe(stored);
    expect(again.split(":")[2]).not.toBe(iv);
    expect(cipher.decrypt(again, CONTEXT)).toBe(TOKEN);
    // Unicode and the empty string survive too.
    expect(cipher.decrypt(cipher.encrypt("토큰 ✓", CONTEXT), CONTEXT)).toBe("토큰 ✓");
    expect(cipher.decrypt(cipher.encrypt("", CONTEXT), CONTEXT)).toBe("");
  });

  test("a changed IV, tag or ciphertext, another context or a cut value is refused, never decrypted to something else", () => {
    const cipher = createTokenCipher({ current: newKey() });
    const stored = cipher.encrypt(TOKEN, CONTEXT);
    for (const part of [2, 3, 4]) {
      expect(() => cipher.decrypt(withPartChanged(stored, part), CONTEXT)).toThrow(TokenDecryptionError);
    }
    expect(() => cipher.decrypt(stored, "Session.refreshToken of offline_a.myshopify.com")).toThrow(/does not decrypt/);
    expect(() => cipher.decrypt(stored, "Session.accessToken of offline_b.myshopify.com")).toThrow(/does not decrypt/);
    expect(() => cipher.decrypt(stored.split(":").slice(0, 4).join(":"), CONTEXT)).toThrow(/not a v1 value/);
    const [version, id, iv, tag] = stored.split(":");
    expect(() => cipher.decrypt([version, id, iv, tag, ""].join(":"), CONTEXT)).toThrow(TokenDecryptionError);
    expect(() => cipher.decrypt([version, id, iv?.slice(0, 8), tag, "AAAA"].join(":"), CONTEXT)).toThrow(/wrong length/);
  });

  test("a value encrypted with a key the cipher does not have is refused, naming the key ids and no value", () => {
    const other = createTokenCipher({ current: newKey() });
    const stored = other.encrypt(TOKEN, CONTEXT);
    const cipher = createTokenCipher({ current: newKey() });
    let message = "";
    try {
      cipher.decrypt(stored, CONTEXT);
    } catch (error) {
      expect(error).toBeInstanceOf(TokenDecryptionError);
      message = (error as Error).message;
    }
    expect(message).toContain(other.currentKeyId);
    expect(message).toContain(cipher.currentKeyId);
    expect(message).not.toContain(stored.split(":")[4]);
    // The same key id with other key bytes (a key id that was forged onto the value) fails the tag check.
    const forged = stored.replace(`:${other.currentKeyId}:`, `:${cipher.currentKeyId}:`);
    expect(() => cipher.decrypt(forged, CONTEXT)).toThrow(/does not decrypt/);
  });

  test("after a rotation the old key still decrypts, and new values are encrypted with the new key", () => {
    const oldKey = newKey();
    const before = createTokenCipher({ current: oldKey });
    const storedBefore = before.encrypt(TOKEN, CONTEXT);

    const after = createTokenCipher({ current: newKey(), old: [oldKey] });
    expect(after.currentKeyId).not.toBe(before.currentKeyId);
    expect(after.decrypt(storedBefore, CONTEXT)).toBe(TOKEN);
    const storedAfter = after.encrypt(TOKEN, CONTEXT);
    expect(storedAfter.split(":")[1]).toBe(after.currentKeyId);
    // Once the old key is dropped, what it encrypted no longer decrypts.
    expect(() => createTokenCipher({ current: newKey() }).decrypt(storedBefore, CONTEXT)).toThrow(TokenDecryptionError);
  });

  test("a value stored before encryption (no v1: prefix) comes back as it is", () => {
    const cipher = createTokenCipher({ current: newKey() });
    expect(cipher.isEncrypted(TOKEN)).toBe(false);
    expect(cipher.decrypt(TOKEN, CONTEXT)).toBe(TOKEN);
    expect(cipher.decrypt("t", CONTEXT)).toBe("t");
  });

  test("keys that are not 32 bytes of base64 are refused when the cipher is made", () => {
    expect(() => createTokenCipher({ current: "short" })).toThrow(/32 bytes/);
    expect(() => createTokenCipher({ current: newKey(), old: ["short"] })).toThrow(/old token encryption key/);
  });
});
