import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type SimCustomer, type Simulator } from "../index.ts";
import { adminGraphQL, offlineAccessToken } from "../testing/admin-client.ts";

const SHOP = "mutation-shop.myshopify.com";
let sim: Simulator;
let token: string;
let customer: SimCustomer;

beforeAll(async () => {
  sim = await startSimulator({
    apiKey: "mutation-app",
    apiSecret: "s",
    appUrl: "http://127.0.0.1:9",
    scopes: "write_customers,read_orders,write_discounts",
  });
  customer = sim.createShop(SHOP).createCustomer({ email: "ada@example.com", tags: ["existing"] }, { silent: true });
  token = await offlineAccessToken(sim, SHOP, { apiKey: "mutation-app", apiSecret: "s" });
});
afterAll(() => sim.close());

async function run(query: string, variables?: Record<string, unknown>): Promise<Record<string, any>> {
  const response = await adminGraphQL(sim, SHOP, token, query, variables);
  if (response.body.errors) throw new Error(JSON.stringify(response.body.errors));
  return response.body.data as Record<string, any>;
}

const TAGS_ADD = "mutation ($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id ... on Customer { tags } } userErrors { field message } } }";
const TAGS_REMOVE = "mutation ($id: ID!, $tags: [String!]!) { tagsRemove(id: $id, tags: $tags) { node { id } userErrors { field message } } }";

describe("tagsAdd / tagsRemove", () => {
  it("adds comma-separated tags once, case-insensitively, and removes them", async () => {
    const added = await run(TAGS_ADD, { id: customer.gid, tags: ["rfm:champion, vip", "VIP"] });
    expect(added.tagsAdd).toEqual({ node: { id: customer.gid, tags: ["existing", "rfm:champion", "vip"] }, userErrors: [] });
    const before = sim.shop(SHOP).customer(customer.gid)?.updatedAt.getTime() ?? 0;
    await run(TAGS_ADD, { id: customer.gid, tags: ["vip"] });
    expect(sim.shop(SHOP).customer(customer.gid)?.updatedAt.getTime()).toBe(before);

    await run(TAGS_REMOVE, { id: customer.gid, tags: ["Existing", "absent"] });
    expect(sim.shop(SHOP).customer(customer.gid)?.tags).toEqual(["rfm:champion", "vip"]);
  });

  it("returns user errors for unknown resources and overlong tags", async () => {
    const missing = await run(TAGS_ADD, { id: "gid://shopify/Customer/1", tags: ["x"] });
    expect(missing.tagsAdd).toEqual({ node: null, userErrors: [{ field: ["id"], message: "Customer does not exist" }] });
    const long = await run(TAGS_ADD, { id: customer.gid, tags: ["x".repeat(256)] });
    expect(long.tagsAdd.userErrors).toEqual([{ field: ["tags"], message: "Tags is too long (maximum is 255 characters)" }]);
  });
});

const METAFIELDS_SET =
  "mutation ($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { id namespace key value type compareDigest } userErrors { field message code elementIndex } } }";

describe("metafieldsSet", () => {
  it("writes $app metafields into the app's reserved namespace and reads them back", async () => {
    const set = await run(METAFIELDS_SET, {
      m: [{ ownerId: customer.gid, namespace: "$app", key: "clv", type: "money", value: '{"amount":"123.40","currency_code":"USD"}' }],
    });
    expect(set.metafieldsSet.userErrors).toEqual([]);
    expect(set.metafieldsSet.metafields[0]).toMatchObject({ namespace: expect.stringMatching(/^app--\d+$/), key: "clv", type: "money" });

    const read = await run('query ($id: ID!) { customer(id: $id) { metafield(namespace: "$app", key: "clv") { value jsonValue type } } }', {
      id: customer.gid,
    });
    expect(read.customer.metafield).toEqual({
      value: '{"amount":"123.40","currency_code":"USD"}',
      jsonValue: { amount: "123.40", currency_code: "USD" },
      type: "money",
    });
  });

  it("is atomic: one invalid value rejects the whole call", async () => {
    const result = await run(METAFIELDS_SET, {
      m: [
        { ownerId: customer.gid, key: "score", type: "number_integer", value: "5" },
        { ownerId: customer.gid, key: "segment", type: "number_integer", value: "five" },
      ],
    });
    expect(result.metafieldsSet.userErrors).toEqual([
      { field: ["metafields", "1", "value"], message: "Value must be an integer.", code: "INVALID_VALUE", elementIndex: 1 },
    ]);
    expect(
      sim
        .shop(SHOP)
        .metafields(customer.gid)
        .map((m) => m.key),
    ).not.toContain("score");
  });

  it("accepts at most 25 metafields per call", async () => {
    const many = Array.from({ length: 26 }, (_, i) => ({ ownerId: customer.gid, key: `k${i}`, type: "boolean", value: "true" }));
    const result = await run(METAFIELDS_SET, { m: many });
    expect(result.metafieldsSet.userErrors).toEqual([
      { field: ["metafields"], message: "Exceeded the maximum metafields input limit of 25.", code: "LESS_THAN_OR_EQUAL_TO", elementIndex: null },
    ]);
  });

  it("refuses another app's namespace and a stale compareDigest", async () => {
    const foreign = await run(METAFIELDS_SET, { m: [{ ownerId: customer.gid, namespace: "app--1", key: "x1", type: "boolean", value: "true" }] });
    expect(foreign.metafieldsSet.userErrors[0]).toMatchObject({ code: "APP_NOT_AUTHORIZED", field: ["metafields", "0", "namespace"] });

    const first = await run(METAFIELDS_SET, { m: [{ ownerId: customer.gid, key: "tier", type: "single_line_text_field", value: "gold" }] });
    const digest = first.metafieldsSet.metafields[0].compareDigest;
    await run(METAFIELDS_SET, { m: [{ ownerId: customer.gid, key: "tier", value: "silver", compareDigest: digest }] });
    const stale = await run(METAFIELDS_SET, { m: [{ ownerId: customer.gid, key: "tier", value: "bronze", compareDigest: digest }] });
    expect(stale.metafieldsSet.userErrors[0]).toMatchObject({ code: "INVALID_COMPARE_DIGEST", field: ["metafields", "0", "compareDigest"] });
    expect(
      sim
        .shop(SHOP)
        .metafields(customer.gid)
        .find((m) => m.key === "tier")?.value,
    ).toBe("silver");
  });
});

const DISCOUNT_CREATE = `mutation ($input: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $input) {
    codeDiscountNode { id codeDiscount { ... on DiscountCodeBasic { title status usageLimit appliesOncePerCustomer
      codes(first: 1) { nodes { code } }
      context { __typename ... on DiscountCustomers { customers { id } } }
      customerGets { value { ... on DiscountPercentage { percentage } } } } } }
    userErrors { field code message }
  }
}`;

describe("discountCodeBasicCreate", () => {
  const input = (overrides: Record<string, unknown> = {}) => ({
    title: "Thank you",
    code: "THANKS-ADA",
    context: { customers: { add: [customer.gid] } },
    customerGets: { value: { percentage: 0.15 }, items: { all: true } },
    appliesOncePerCustomer: true,
    usageLimit: 1,
    ...overrides,
  });

  it("creates a per-customer percentage code", async () => {
    const result = await run(DISCOUNT_CREATE, { input: input() });
    expect(result.discountCodeBasicCreate).toEqual({
      codeDiscountNode: {
        id: expect.stringMatching(/^gid:\/\/shopify\/DiscountCodeNode\/\d+$/),
        codeDiscount: {
          title: "Thank you",
          status: "ACTIVE",
          usageLimit: 1,
          appliesOncePerCustomer: true,
          codes: { nodes: [{ code: "THANKS-ADA" }] },
          context: { __typename: "DiscountCustomers", customers: [{ id: customer.gid }] },
          customerGets: { value: { percentage: 0.15 } },
        },
      },
      userErrors: [],
    });
    expect(sim.shop(SHOP).discounts()).toHaveLength(1);
  });

  it("rejects a taken code, a blank title and an out-of-range percentage with user errors", async () => {
    const result = await run(DISCOUNT_CREATE, { input: input({ title: "", customerGets: { value: { percentage: 1.5 }, items: { all: true } } }) });
    expect(result.discountCodeBasicCreate.codeDiscountNode).toBeNull();
    expect(result.discountCodeBasicCreate.userErrors).toEqual([
      { field: ["basicCodeDiscount", "title"], code: "BLANK", message: "Title can't be blank" },
      { field: ["basicCodeDiscount", "code"], code: "TAKEN", message: "Code must be unique. Please try a different code." },
      { field: ["basicCodeDiscount", "customerGets", "value", "percentage"], code: "VALUE_OUTSIDE_RANGE", message: "Value must be between 0.0 and 1.0" },
    ]);
  });
});

const METAFIELDS_DELETE =
  "mutation ($m: [MetafieldIdentifierInput!]!) { metafieldsDelete(metafields: $m) { deletedMetafields { ownerId namespace key } userErrors { field message } } }";

describe("metafieldsDelete", () => {
  it("deletes $app metafields, answering null for the ones that did not exist", async () => {
    await run(METAFIELDS_SET, { m: [{ ownerId: customer.gid, namespace: "$app", key: "offer_code", type: "single_line_text_field", value: "THANKS" }] });
    const namespace = sim
      .shop(SHOP)
      .metafields(customer.gid)
      .find((m) => m.key === "offer_code")?.namespace;
    expect(namespace).toMatch(/^app--\d+$/);
    const result = await run(METAFIELDS_DELETE, {
      m: [
        { ownerId: customer.gid, namespace: "$app", key: "offer_code" },
        { ownerId: customer.gid, namespace: "$app", key: "never_set" },
      ],
    });
    expect(result.metafieldsDelete).toEqual({
      deletedMetafields: [{ ownerId: customer.gid, namespace, key: "offer_code" }, null],
      userErrors: [],
    });
    expect(
      sim
        .shop(SHOP)
        .metafields(customer.gid)
        .map((m) => m.key),
    ).not.toContain("offer_code");
  });

  it("refuses another app's namespace, deleting nothing", async () => {
    await run(METAFIELDS_SET, { m: [{ ownerId: customer.gid, namespace: "$app", key: "kept", type: "boolean", value: "true" }] });
    const result = await run(METAFIELDS_DELETE, {
      m: [
        { ownerId: customer.gid, namespace: "$app", key: "kept" },
        { ownerId: customer.gid, namespace: "app--1", key: "kept" },
      ],
    });
    expect(result.metafieldsDelete).toEqual({
      deletedMetafields: null,
      userErrors: [{ field: ["metafields", "1", "namespace"], message: "Access to this namespace and key on Metafields for this resource type is not allowed." }],
    });
    expect(
      sim
        .shop(SHOP)
        .metafields(customer.gid)
        .map((m) => m.key),
    ).toContain("kept");
  });

  it("refuses more than 250 identifiers before running, as every Admin API input list", async () => {
    const many = Array.from({ length: 251 }, (_, i) => ({ ownerId: customer.gid, namespace: "$app", key: `k${i}` }));
    const response = await adminGraphQL(sim, SHOP, token, METAFIELDS_DELETE, { m: many });
    expect(response.body).toEqual({
      errors: [
        {
          message: "The input array size of 251 is greater than the maximum allowed of 250.",
          locations: [{ line: 1, column: METAFIELDS_DELETE.indexOf("metafieldsDelete(") + 1 }],
          path: ["metafieldsDelete", "metafields"],
          extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" },
        },
      ],
    });
    const exactly = await run(METAFIELDS_DELETE, { m: many.slice(0, 250) });
    expect(exactly.metafieldsDelete.deletedMetafields).toHaveLength(250);
  });
});

describe("codeDiscountNodeByCode", () => {
  it("finds the discount holding a code whatever the letter case, and null for an unknown code", async () => {
    const query = "query ($code: String!) { codeDiscountNodeByCode(code: $code) { id codeDiscount { ... on DiscountCodeBasic { title } } } }";
    const held = sim.shop(SHOP).discounts()[0];
    const found = await run(query, { code: "thanks-ada" });
    expect(found.codeDiscountNodeByCode).toEqual({ id: held?.gid, codeDiscount: { title: "Thank you" } });
    expect((await run(query, { code: "NO-SUCH-CODE" })).codeDiscountNodeByCode).toBeNull();
  });
});
