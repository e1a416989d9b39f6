import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import type { TokenCipher } from "./token-cipher.server.ts";

type TokenField = "accessToken" | "refreshToken";
const TOKEN_FIELDS: readonly TokenField[] = ["accessToken", "refreshToken"];

/** What a token is bound to: its column and its session, so that a value moved elsewhere does not decrypt. */
const context = (field: TokenField, sessionId: string) => `Session.${field} of ${sessionId}`;

/**
 * The Shopify library's session storage with the access and refresh tokens encrypted at rest: `store` hands the inner
 * storage a copy of the session whose tokens are encrypted, `load` and `findSessionsByShop` give the library sessions
 * with plain tokens. A token stored before encryption (no `v1:` prefix) is read as it is and is encrypted the next
 * time the library stores its session (a token refresh or a token exchange); docs/decisions/0011.
 */
export class EncryptedSessionStorage implements SessionStorage {
  readonly #inner: SessionStorage;
  readonly #cipher: TokenCipher;

  constructor(inner: SessionStorage, cipher: TokenCipher) {
    this.#inner = inner;
    this.#cipher = cipher;
  }

  storeSession(session: Session): Promise<boolean> {
    return this.#inner.storeSession(this.#map(session, (value, field) => this.#cipher.encrypt(value, context(field, session.id))));
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const stored = await this.#inner.loadSession(id);
    return stored && this.#decrypted(stored);
  }

  deleteSession(id: string): Promise<boolean> {
    return this.#inner.deleteSession(id);
  }

  deleteSessions(ids: string[]): Promise<boolean> {
    return this.#inner.deleteSessions(ids);
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    return (await this.#inner.findSessionsByShop(shop)).map((session) => this.#decrypted(session));
  }

  #decrypted(session: Session): Session {
    return this.#map(session, (value, field) => this.#cipher.decrypt(value, context(field, session.id)));
  }

  /** A copy of the session with each token that is set passed through `transform`; the session itself is not changed. */
  #map(session: Session, transform: (value: string, field: TokenField) => string): Session {
    const params = session.toObject();
    for (const field of TOKEN_FIELDS) {
      const value = params[field];
      if (value) params[field] = transform(value, field);
    }
    return new Session(params);
  }
}
