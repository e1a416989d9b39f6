/** Values the app's environment schema needs under test; no real Shopify credentials. */
export const TEST_APP = {
  apiKey: "test-api-key",
  apiSecret: "test-api-secret",
  scopes: "read_customers,write_customers,read_orders,read_all_orders,write_discounts",
} as const;

export function applyTestEnv(databaseUrl: string): void {
  process.env.NODE_ENV = "test";
  process.env.SHOPIFY_API_KEY = TEST_APP.apiKey;
  process.env.SHOPIFY_API_SECRET = TEST_APP.apiSecret;
  process.env.SHOPIFY_APP_URL ??= "http://127.0.0.1:1";
  process.env.SCOPES = TEST_APP.scopes;
  process.env.DATABASE_URL = databaseUrl;
}
