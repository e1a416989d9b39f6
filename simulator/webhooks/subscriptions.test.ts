import { TomlError } from "smol-toml";
import { describe, expect, it } from "vitest";
import { subscriptionUrl, webhooksFromAppToml } from "./subscriptions.ts";

/** A shopify.app.toml with what the CLI writes: comments, indented arrays of tables, multi-line arrays, dotted keys. */
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
  compliance_topics = [
    "customers/data_request",
    "customers/redact",
    "shop/redact",
  ]
  uri = "/webhooks/compliance"

  [[webhooks.subscriptions]]
  topics = ["orders/paid"]
  # no uri: not a subscription the simulator can deliver

[customer.metafields.app.clv]
type = "money"
name = "Customer lifetime value"
access.admin = "merchant_read"
validations = { min = 0, note = "x\\ty" }
`;

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

  it("has no subscriptions when the file has no [webhooks] table", () => {
    expect(webhooksFromAppToml('client_id = "abc"\n')).toEqual({ apiVersion: null, subscriptions: [] });
  });

  it("throws a TomlError naming the line when the file is not TOML", () => {
    expect(() => webhooksFromAppToml('a = "ok"\nb = [1, 2')).toThrow(TomlError);
    expect(() => webhooksFromAppToml("[webhooks]\napi_version = 1\napi_version = 2")).toThrow(
      expect.objectContaining({ line: 3, message: expect.stringContaining("redefine") }),
    );
  });

  it("resolves relative URIs against the app URL and keeps absolute ones", () => {
    expect(subscriptionUrl("http://127.0.0.1:3000/", "/webhooks/orders")).toBe("http://127.0.0.1:3000/webhooks/orders");
    expect(subscriptionUrl("http://127.0.0.1:3000", "https://hooks.example.com/x")).toBe("https://hooks.example.com/x");
  });
});
