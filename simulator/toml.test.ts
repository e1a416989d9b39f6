import { describe, expect, it } from "vitest";
import { parseToml, TomlError } from "./toml.ts";
import { subscriptionUrl, webhooksFromAppToml } from "./webhooks/subscriptions.ts";

const APP_TOML = `
# Learn more about configuring your app at https://shopify.dev/docs/apps/tools/cli/configuration
client_id = "abc123"
name = "CLV CRM"
application_url = "https://example.com"
embedded = true

[access_scopes]
scopes = "read_customers,write_customers,read_orders,read_all_orders"

[auth]
redirect_urls = [
  "https://example.com/auth/callback", # first
  'https://example.com/auth/shopify/callback',
]

[webhooks]
api_version = "2026-10"

  [[webhooks.subscriptions]]
  topics = [ "app/uninstalled" ]
  uri = "/webhooks/app/uninstalled"

  [[webhooks.subscriptions]]
  topics = ["orders/create", "orders/updated"]
  uri = "/webhooks/orders"

  [[webhooks.subscriptions]]
  compliance_topics = ["customers/data_request", "customers/redact", "shop/redact"]
  uri = "/webhooks/compliance"

[customer.metafields.app.clv]
type = "money"
name = "Customer lifetime value"
access.admin = "merchant_read"
validations = { min = 0, note = "x\\ty" }
`;

describe("parseToml", () => {
  it("reads tables, arrays of tables, dotted keys, inline tables and multi-line arrays", () => {
    const toml = parseToml(APP_TOML);
    expect(toml.client_id).toBe("abc123");
    expect(toml.embedded).toBe(true);
    expect(toml.auth).toEqual({ redirect_urls: ["https://example.com/auth/callback", "https://example.com/auth/shopify/callback"] });
    expect(toml.customer).toEqual({
      metafields: {
        app: {
          clv: { type: "money", name: "Customer lifetime value", access: { admin: "merchant_read" }, validations: { min: 0, note: "x\ty" } },
        },
      },
    });
  });

  it("names the line of a syntax error", () => {
    expect(() => parseToml('a = "ok"\nb = [1, 2')).toThrow(TomlError);
    expect(() => parseToml('a = 1\na = 2')).toThrow(/line 2: duplicate key "a"/);
  });
});

describe("webhooksFromAppToml", () => {
  it("lists one subscription per topic, compliance topics included", () => {
    const { apiVersion, subscriptions } = webhooksFromAppToml(APP_TOML);
    expect(apiVersion).toBe("2026-10");
    expect(subscriptions).toEqual([
      { topic: "app/uninstalled", uri: "/webhooks/app/uninstalled" },
      { topic: "orders/create", uri: "/webhooks/orders" },
      { topic: "orders/updated", uri: "/webhooks/orders" },
      { topic: "customers/data_request", uri: "/webhooks/compliance" },
      { topic: "customers/redact", uri: "/webhooks/compliance" },
      { topic: "shop/redact", uri: "/webhooks/compliance" },
    ]);
  });

  it("resolves relative URIs against the app URL and keeps absolute ones", () => {
    expect(subscriptionUrl("http://127.0.0.1:3000/", "/webhooks/orders")).toBe("http://127.0.0.1:3000/webhooks/orders");
    expect(subscriptionUrl("http://127.0.0.1:3000", "https://hooks.example.com/x")).toBe("https://hooks.example.com/x");
  });
});
