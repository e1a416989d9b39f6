import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Encryption at rest of the Shopify access and refresh tokens (docs/decisions/0011-token-encryption-at-rest.md):
 * AES-256-GCM, a random 96-bit IV per value, and the value stored as `v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url).
 * The key id names the key that encrypted the value, so values written before a rotation still find theirs. The
 * version, the key id and the caller's context (which column of which row) are authenticated too, so a value copied
 * into another row or field does not decrypt there.
 */

const VERSION = "v1";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64 = /^[A-Za-z0-9+/_-]{43}=?$/;

/** 32 bytes in base64 (standard or url alphabet), as `openssl rand -base64 32` prints them; null otherwise. */
export function parseKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (!BASE64.test(trimmed)) return null;
  const key = Buffer.from(trimmed.replaceAll("-", "+").replaceAll("_", "/"), "base64");
  return key.length === KEY_BYTES ? key : null;
}

/** A key's id: the first 8 characters of its SHA-256 in base64url; nothing anyone can learn the key from. */
export function keyId(key: Buffer): string {
  return createHash("sha256").update("clv-token-key:").update(key).digest("base64url").slice(0, 8);
}

export class TokenDecryptionError extends Error {
  override name = "TokenDecryptionError";
}

export interface TokenCipher {
  /** The id of the key new values are encrypted with. */
  readonly currentKeyId: string;
  encrypt(plain: string, context: string): string;
  /** The plain value; a value without the `v1:` prefix is one stored before encryption and comes back as it is. */
  decrypt(stored: string, context: string): string;
  /** Whether a stored value is encrypted (with any key); false for a value written before encryption. */
  isEncrypted(stored: string): boolean;
}

/**
 * A cipher that encrypts with `current` and decrypts with it or any of `old` (base64 keys of 32 bytes, as the
 * environment gives them; env.server.ts has checked them).
 */
export function createTokenCipher(keys: { current: string; old?: readonly string[] }): TokenCipher {
  const current = parseKey(keys.current);
  if (!current) throw new Error("The token encryption key must be 32 bytes, base64");
  const byId = new Map<string, Buffer>();
  for (const text of keys.old ?? []) {
    const key = parseKey(text);
    if (!key) throw new Error("An old token encryption key is not 32 bytes, base64");
    byId.set(keyId(key), key);
  }
  const currentKeyId = keyId(current);
  byId.set(currentKeyId, current);
  const aad = (id: string, context: string) => Buffer.from(`${VERSION}:${id}:${context}`, "utf8");

  return {
    currentKeyId,
    encrypt(plain, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", current, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(currentKeyId, context));
      const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return [VERSION, currentKeyId, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(":");
    },
    decrypt(stored, context) {
      if (!stored.startsWith(`${VERSION}:`)) return stored;
      const parts = stored.split(":");
      if (parts.length !== 5) throw new TokenDecryptionError(`The stored ${context} is not a ${VERSION} value (it has ${parts.length} parts, not 5)`);
      const [, id, ivText, tagText, ciphertextText] = parts as [string, string, string, string, string];
      const key = byId.get(id);
      if (!key) {
        throw new TokenDecryptionError(
          `The stored ${context} was encrypted with key ${id}, which is neither TOKEN_ENCRYPTION_KEY (${currentKeyId}) nor in TOKEN_ENCRYPTION_KEYS_OLD`,
        );
      }
      const iv = Buffer.from(ivText, "base64url");
      const tag = Buffer.from(tagText, "base64url");
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new TokenDecryptionError(`The stored ${context} has an IV or tag of the wrong length`);
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(aad(id, context));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(Buffer.from(ciphertextText, "base64url")), decipher.final()]).toString("utf8");
      } catch {
        throw new TokenDecryptionError(`The stored ${context} does not decrypt with key ${id}: it was changed, or belongs to another row or field`);
      }
    },
    isEncrypted(stored) {
      return stored.startsWith(`${VERSION}:`);
    },
  };
}
