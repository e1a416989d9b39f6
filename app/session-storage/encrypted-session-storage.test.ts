import { randomBytes } from "node:crypto";
import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { describe, expect, test } from "vitest";
import { EncryptedSessionStorage } from "./encrypted-session-storage.server.ts";
import { createTokenCipher } from "./token-cipher.server.ts";

/** A storage that keeps what it is given, as the database row would hold it. */
class RowStorage implements SessionStorage {
  readonly rows = new Map<string, Session>();
  async storeSession(session: Session) {
    this.rows.set(session.id, new Session(session.toObject()));
    return true;
  }
  async loadSession(id: string) {
    const row = this.rows.get(id);
    return row && new Session(row.toObject());
  }
  async deleteSession(id: string) {
    this.rows.delete(id);
    return true;
  }
  async deleteSessions(ids: string[]) {
    for (const id of ids) this.rows.delete(id);
    return true;
  }
  async findSessionsByShop(shop: string) {
    return [...this.rows.values()].filter((row) => row.shop === shop).map((row) => new Session(row.toObject()));
  }
}

const SHOP = "tokens.myshopify.com";
const offline = (accessToken: string, refreshToken?: string) =>
  new Session({
    id: `offline_${SHOP}`,
    shop: SHOP,
    state: "",
    isOnline: false,
    scope: "read_orders",
    expires: new Date("2030-01-01T00:00:00Z"),
    accessToken,
    ...(refreshToken ? { refreshToken, refreshTokenExpires: new Date("2030-03-01T00:00:00Z") } : {}),
  });

function storages() {
  const rows = new RowStorage();
  const cipher = createTokenCipher({ current: randomBytes(32).toString("base64") });
  return { rows, cipher, storage: new EncryptedSessionStorage(rows, cipher) };
}

describe("the encrypted session storage", () => {
  test("stores both tokens encrypted, gives them back plain, and leaves the caller's session as it was", async () => {
    const { rows, cipher, storage } = storages();
    const session = offline("shpat_access", "shprt_refresh");
    await storage.storeSession(session);

    const row = rows.rows.get(session.id) as Session;
    expect(cipher.isEncrypted(row.accessToken as string)).toBe(true);
    expect(cipher.isEncrypted(row.refreshToken as string)).toBe(true);
    expect(JSON.stringify(row.toObject())).not.toMatch(/shpat_access|shprt_refresh/);
    expect(row.toObject()).toMatchObject({ id: session.id, shop: SHOP, scope: "read_orders", expires: session.expires });
    expect(session.accessToken).toBe("shpat_access");
    expect(session.refreshToken).toBe("shprt_refresh");

    const loaded = (await storage.loadSession(session.id)) as Session;
    expect(loaded.toObject()).toEqual(session.toObject());
    expect(loaded.isActive("read_orders")).toBe(true);
    expect((await storage.findSessionsByShop(SHOP)).map((s) => s.toObject())).toEqual([session.toObject()]);
    expect(await storage.loadSession("offline_other.myshopify.com")).toBeUndefined();
  });

  test("a session without a refresh token, or with no access token (revoked), is stored as it is", async () => {
    const { rows, storage } = storages();
    await storage.storeSession(offline("shpat_only"));
    expect(rows.rows.get(`offline_${SHOP}`)?.refreshToken).toBeUndefined();
    const revoked = offline("x");
    revoked.accessToken = undefined;
    await storage.storeSession(revoked);
    expect(rows.rows.get(`offline_${SHOP}`)?.accessToken).toBeUndefined();
    expect((await storage.loadSession(`offline_${SHOP}`))?.accessToken).toBeUndefined();
  });

  test("a plain token stored before encryption is read as it is and encrypted when the session is next stored", async () => {
    const { rows, cipher, storage } = storages();
    await rows.storeSession(offline("shpat_legacy", "shprt_legacy"));

    const loaded = (await storage.loadSession(`offline_${SHOP}`)) as Session;
    expect(loaded.accessToken).toBe("shpat_legacy");
    expect(loaded.refreshToken).toBe("shprt_legacy");
    // Reading changes nothing in storage.
    expect(rows.rows.get(loaded.id)?.accessToken).toBe("shpat_legacy");

    await storage.storeSession(loaded);
    const row = rows.rows.get(loaded.id) as Session;
    expect(cipher.isEncrypted(row.accessToken as string)).toBe(true);
    expect(cipher.isEncrypted(row.refreshToken as string)).toBe(true);
    expect((await storage.loadSession(loaded.id))?.accessToken).toBe("shpat_legacy");
  });

  test("an encrypted token copied into another session's row does not decrypt there", async () => {
    const { rows, storage } = storages();
    await storage.storeSession(offline("shpat_a"));
    const copied = new Session({ ...(rows.rows.get(`offline_${SHOP}`) as Session).toObject(), id: "offline_b.myshopify.com", shop: "b.myshopify.com" });
    await rows.storeSession(copied);
    await expect(storage.loadSession("offline_b.myshopify.com")).rejects.toThrow(/does not decrypt/);
  });

  test("deletes pass through", async () => {
    const { rows, storage } = storages();
    await storage.storeSession(offline("shpat_a"));
    await storage.deleteSession(`offline_${SHOP}`);
    expect(rows.rows.size).toBe(0);
    await storage.storeSession(offline("shpat_a"));
    await storage.deleteSessions([`offline_${SHOP}`]);
    expect(rows.rows.size).toBe(0);
  });
});
