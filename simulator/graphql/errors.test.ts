import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../index.ts";
import { adminGraphQL, offlineAccessToken } from "../testing/admin-client.ts";

const SHOP = "errors-shop.myshopify.com";
let sim: Simulator;
let token: string;

beforeAll(async () => {
  sim = await startSimulator({ apiKey: "k", apiSecret: "s", appUrl: "http://127.0.0.1:9", scopes: "read_customers" });
  sim.createShop(SHOP).createCustomer({ firstName: "Ada" });
  token = await offlineAccessToken(sim, SHOP, { apiKey: "k", apiSecret: "s" });
});
afterAll(() => sim.close());

const gql = (query: string, variables?: Record<string, unknown>) => adminGraphQL(sim, SHOP, token, query, variables);

describe("Admin GraphQL error shapes", () => {
  it("rejects an unknown field like graphql-ruby, with HTTP 200 and no data", async () => {
    const response = await gql("{ shop { name nope } }");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      errors: [
        {
          message: "Field 'nope' doesn't exist on type 'Shop'",
          locations: [{ line: 1, column: 15 }],
          path: ["query", "shop", "nope"],
          extensions: { code: "undefinedField", typeName: "Shop", fieldName: "nope" },
        },
      ],
    });
  });

  it("names missing required arguments and unknown arguments", async () => {
    const missing = await gql("query Lookup { customer { id } }");
    expect(missing.body.errors).toEqual([
      expect.objectContaining({
        message: "Field 'customer' is missing required arguments: id",
        path: ["query Lookup", "customer"],
        extensions: { code: "missingRequiredArguments", className: "Field", name: "customer", arguments: "id" },
      }),
    ]);
    const unknown = await gql("{ customers(first: 1, color: 2) { nodes { id } } }");
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({
        message: "Field 'customers' doesn't accept argument 'color'",
        extensions: { code: "argumentNotAccepted", name: "customers", typeName: "Field", argumentName: "color" },
      }),
    ]);
  });

  it("requires selections on objects", async () => {
    const response = await gql("{ shop }");
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        message: "Field must have selections (field 'shop' returns Shop but has no selections. Did you mean 'shop { ... }'?)",
        extensions: expect.objectContaining({ code: "selectionMismatch" }),
      }),
    ]);
  });

  it("reports parse errors with the offending token", async () => {
    const response = await gql("{ shop { name } } }");
    expect(response.body).toEqual({
      errors: [{ message: 'Parse error on "}" (RCURLY) at [1, 19]', locations: [{ line: 1, column: 19 }] }],
    });
    expect((await gql("{ shop { name ")).body.errors).toEqual([{ message: "Unexpected end of document", locations: [{ line: 1, column: 15 }] }]);
  });

  it("rejects variables that do not coerce, with INVALID_VARIABLE", async () => {
    const missing = await gql("query ($id: ID!) { customer(id: $id) { id } }", {});
    expect(missing.body.errors).toEqual([
      {
        message: "Variable $id of type ID! was provided invalid value",
        locations: [{ line: 1, column: 8 }],
        extensions: { code: "INVALID_VARIABLE", value: null, problems: [{ path: [], explanation: "Expected value to not be null" }] },
      },
    ]);
    const wrongType = await gql("query ($n: Int) { customers(first: $n) { nodes { id } } }", { n: "ten" });
    expect(wrongType.body.errors).toEqual([
      expect.objectContaining({
        message: "Variable $n of type Int was provided invalid value",
        extensions: expect.objectContaining({ code: "INVALID_VARIABLE", value: "ten" }),
      }),
    ]);
  });

  it("enforces @oneOf input objects through variables", async () => {
    const response = await gql("mutation ($input: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $input) { userErrors { message } } }", {
      input: { title: "x", code: "X", context: { all: "ALL", customers: { add: [] } } },
    });
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        message: "Variable $input of type DiscountCodeBasicInput! was provided invalid value",
        extensions: expect.objectContaining({
          problems: [{ path: ["context"], explanation: expect.stringContaining("Exactly one key must be specified") }],
        }),
      }),
    ]);
  });

  it("raises a named error for fields the simulator does not model instead of returning null", async () => {
    const response = await gql("{ customers(first: 1) { nodes { id addressesV2(first: 1) { nodes { city } } } } }");
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        message: "Field 'Customer.addressesV2' is not implemented by the store simulator",
        path: ["customers", "nodes", 0, "addressesV2"],
        extensions: { code: "NOT_IMPLEMENTED", typeName: "Customer", fieldName: "addressesV2" },
      }),
    ]);
  });

  it("asks for first or last on connections", async () => {
    const response = await gql("{ customers { nodes { id } } }");
    expect(response.body.errors).toEqual([expect.objectContaining({ message: "you must provide one of first or last", path: ["customers"] })]);
    expect(response.body.data).toBeNull();
  });

  it("denies fields whose access scope the app lacks", async () => {
    const response = await gql("{ orders(first: 1) { nodes { id } } }");
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        message: "Access denied for orders field. Required access: `read_orders` access scope.",
        path: ["orders"],
        extensions: expect.objectContaining({ code: "ACCESS_DENIED" }),
      }),
    ]);
  });

  it("answers 404 for an API version it does not serve and 401 for a bad token", async () => {
    const wrongVersion = await adminGraphQL(sim, SHOP, token, "{ shop { name } }", undefined, "2025-01");
    expect(wrongVersion.status).toBe(404);
    const badToken = await adminGraphQL(sim, SHOP, "shpat_nope", "{ shop { name } }");
    expect(badToken.status).toBe(401);
    expect(badToken.body).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
  });

  it("answers 400 when the body has no query", async () => {
    const response = await fetch(`${sim.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "x-simulator-shop": SHOP },
      body: JSON.stringify({ variables: {} }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: { query: "Required parameter missing or invalid" } });
  });
});
