import { randomBytes } from "node:crypto";

export const EXPIRING_ACCESS_TOKEN_SECONDS = 60 * 60;
export const REFRESH_TOKEN_SECONDS = 90 * 24 * 60 * 60;
export const ONLINE_ACCESS_TOKEN_SECONDS = 24 * 60 * 60 - 1;

export type AccessTokenKind = "offline" | "offline-expiring" | "online";

export interface AccessToken {
  token: string;
  shop: string;
  kind: AccessTokenKind;
  scopes: string[];
  expiresAtMs: number | null;
  userId: string | null;
}

interface RefreshToken {
  token: string;
  shop: string;
  expiresAtMs: number;
  /** The refresh token this one replaced; retired once this one is used. */
  predecessor: string | null;
  retired: boolean;
}

export interface OfflineTokenResponse {
  access_token: string;
  scope: string;
  expires_in?: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
}

function secret(prefix: string): string {
  return `${prefix}_${randomBytes(16).toString("hex")}`;
}

/** The access tokens the simulator has issued, per shop. Uninstalling revokes all of a shop's tokens. */
export class AccessTokenRegistry {
  private readonly tokens = new Map<string, AccessToken>();
  private readonly refreshTokens = new Map<string, RefreshToken>();

  private readonly scopes: string[];

  constructor(scopes: string[]) {
    this.scopes = scopes;
  }

  get scopeString(): string {
    return this.scopes.join(",");
  }

  issueOffline(shop: string, expiring: boolean, nowMs: number): OfflineTokenResponse {
    const access = this.add({
      token: secret("shpat"),
      shop,
      kind: expiring ? "offline-expiring" : "offline",
      scopes: [...this.scopes],
      expiresAtMs: expiring ? nowMs + EXPIRING_ACCESS_TOKEN_SECONDS * 1000 : null,
      userId: null,
    });
    if (!expiring) return { access_token: access.token, scope: this.scopeString };
    const refresh = this.addRefresh(shop, nowMs + REFRESH_TOKEN_SECONDS * 1000, null);
    return {
      access_token: access.token,
      scope: this.scopeString,
      expires_in: EXPIRING_ACCESS_TOKEN_SECONDS,
      refresh_token: refresh.token,
      refresh_token_expires_in: REFRESH_TOKEN_SECONDS,
    };
  }

  issueOnline(shop: string, userId: string, nowMs: number): AccessToken {
    return this.add({
      token: secret("shpua"),
      shop,
      kind: "online",
      scopes: [...this.scopes],
      expiresAtMs: nowMs + ONLINE_ACCESS_TOKEN_SECONDS * 1000,
      userId,
    });
  }

  /**
   * Refresh grant with rotation: a new access token and refresh token. The used refresh token stays usable until
   * its replacement is used (Shopify changelog 2026-08-28, "More resilient refreshes"); using a token retires
   * the one it replaced. Returns null for unknown, expired, retired or foreign tokens.
   */
  refresh(shop: string, refreshToken: string, nowMs: number): OfflineTokenResponse | null {
    const current = this.refreshTokens.get(refreshToken);
    if (!current || current.shop !== shop || current.retired || current.expiresAtMs <= nowMs) return null;
    if (current.predecessor) {
      const previous = this.refreshTokens.get(current.predecessor);
      if (previous) previous.retired = true;
    }
    const access = this.add({
      token: secret("shpat"),
      shop,
      kind: "offline-expiring",
      scopes: [...this.scopes],
      expiresAtMs: nowMs + EXPIRING_ACCESS_TOKEN_SECONDS * 1000,
      userId: null,
    });
    const next = this.addRefresh(shop, current.expiresAtMs, current.token);
    return {
      access_token: access.token,
      scope: this.scopeString,
      expires_in: EXPIRING_ACCESS_TOKEN_SECONDS,
      refresh_token: next.token,
      refresh_token_expires_in: Math.floor((next.expiresAtMs - nowMs) / 1000),
    };
  }

  /** The live token for `shop`, or null when it is unknown, revoked, expired or issued for another shop. */
  lookup(shop: string, token: string, nowMs: number): AccessToken | null {
    const found = this.tokens.get(token);
    if (!found || found.shop !== shop) return null;
    if (found.expiresAtMs !== null && found.expiresAtMs <= nowMs) return null;
    return found;
  }

  revoke(token: string): void {
    this.tokens.delete(token);
  }

  revokeShop(shop: string): void {
    for (const [token, entry] of this.tokens) if (entry.shop === shop) this.tokens.delete(token);
    for (const [token, entry] of this.refreshTokens) if (entry.shop === shop) this.refreshTokens.delete(token);
  }

  private add(token: AccessToken): AccessToken {
    this.tokens.set(token.token, token);
    return token;
  }

  private addRefresh(shop: string, expiresAtMs: number, predecessor: string | null): RefreshToken {
    const refresh: RefreshToken = { token: secret("shprt"), shop, expiresAtMs, predecessor, retired: false };
    this.refreshTokens.set(refresh.token, refresh);
    return refresh;
  }
}
