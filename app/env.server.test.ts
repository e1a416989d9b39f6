import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, test, vi } from "vitest";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

/** env() of a fresh module (it reads process.env once), with `changes` applied to the test environment. */
async function envWith(changes: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  vi.resetModules();
  const { env } = await import("./env.server.ts");
  return env;
}

describe("the token encryption key in the environment", () => {
  test("missing: boot stops with a message that says what the key is and how to make one", async () => {
    const env = await envWith({ TOKEN_ENCRYPTION_KEY: undefined });
    expect(() => env()).toThrow(
      /TOKEN_ENCRYPTION_KEY: required: the key that encrypts Shopify tokens at rest, 32 bytes in base64; generate one with `openssl rand -base64 32`/,
    );
  });

  test("not 32 bytes: boot stops naming the variable", async () => {
    for (const wrong of [randomBytes(16).toString("base64"), randomBytes(33).toString("base64"), "not a key", ""]) {
      const env = await envWith({ TOKEN_ENCRYPTION_KEY: wrong });
      expect(() => env()).toThrow(/TOKEN_ENCRYPTION_KEY: must be 32 bytes in base64 \(44 characters\)/);
    }
  });

  test("an old key that is not 32 bytes stops boot too; a valid list is read, empty entries skipped", async () => {
    const bad = await envWith({ TOKEN_ENCRYPTION_KEYS_OLD: `${randomBytes(32).toString("base64")},short` });
    expect(() => bad()).toThrow(/TOKEN_ENCRYPTION_KEYS_OLD: each key must be 32 bytes in base64/);

    const [first, second] = [randomBytes(32).toString("base64"), randomBytes(32).toString("base64url")];
    const good = await envWith({ TOKEN_ENCRYPTION_KEYS_OLD: ` ${first}, ,${second} ` });
    expect(good().TOKEN_ENCRYPTION_KEYS_OLD).toEqual([first, second]);
    expect((await envWith({ TOKEN_ENCRYPTION_KEYS_OLD: undefined }))().TOKEN_ENCRYPTION_KEYS_OLD).toEqual([]);
  });

  test("the key of .env.example is a valid key (copying the file is enough to start the app)", async () => {
    const { readFileSync } = await import("node:fs");
    const example = /^TOKEN_ENCRYPTION_KEY=(.*)$/m.exec(readFileSync(".env.example", "utf8"))?.[1];
    expect(example).toBeDefined();
    const env = await envWith({ TOKEN_ENCRYPTION_KEY: example });
    expect(env().TOKEN_ENCRYPTION_KEY).toBe(example);
  });
});
