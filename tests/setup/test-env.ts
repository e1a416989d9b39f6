/** Values the app's environment schema needs under test; no real Shopify credentials. */
export const TEST_APP = {
  apiKey: "test-api-key",
  apiSecret: "test-api-secret",
  scopes: "read_customers,write_customers,read_orders,read_all_orders,write_discounts",
  /** Encrypts the test sessions' tokens; a key for tests only, published here. */
  tokenEncryptionKey: "dGVzdC1vbmx5IHRva2VuIGtleSwgMzIgYnl0ZXMhISE=",
} as const;

export function applyTestEnv(databaseUrl: string): void {
  process.env.NODE_ENV = "test";
  process.env.SHOPIFY_API_KEY = TEST_APP.apiKey;
  process.env.SHOPIFY_API_SECRET = TEST_APP.apiSecret;
  process.env.SHOPIFY_APP_URL ??= "http://127.0.0.1:1";
  process.env.SCOPES = TEST_APP.scopes;
  process.env.TOKEN_ENCRYPTION_KEY = TEST_APP.tokenEncryptionKey;
  delete process.env.TOKEN_ENCRYPTION_KEYS_OLD;
  process.env.DATABASE_URL = databaseUrl;
}
