import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type SimCustomer, type Simulator } from "../index.ts";
import { adminGraphQL, offlineAccessToken } from "../testing/admin-client.ts";

const SHOP = "segment-shop.myshopify.com";
let sim: Simulator;
let token: string;
let vip: SimCustomer;
let regular: SimCustomer;

beforeAll(async () => {
  sim = await startSimulator({ apiKey: "segment-app", apiSecret: "s", appUrl: "http://127.0.0.1:9", scopes: "write_customers,write_discounts" });
  const shop = sim.createShop(SHOP);
  vip = shop.createCustomer({ tags: ["crm-VIP"] }, { silent: true });
  regular = shop.createCustomer({ tags: ["newsletter"] }, { silent: true });
  token = await offlineAccessToken(sim, SHOP, { apiKey: "segment-app", apiSecret: "s" });
});
afterAll(() => sim.close());

async function run(query: string, variables?: Record<string, unknown>) {
  const response = await adminGraphQL(sim, SHOP, token, query, variables);
  return response.body;
}

async function data(query: string, variables?: Record<string, unknown>): Promise<Record<string, any>> {
  const body = await run(query, variables);
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data as Record<string, any>;
}

const SEGMENT_CREATE = `mutation SegmentCreate($name: String!, $query: String!) {
  segmentCreate(name: $name, query: $query) { segment { id name query creationDate } userErrors { field message } }
}`;

describe("segments", () => {
  let vipSegment: string;

  it("creates a segment on a tag, reads it back by id and by name, and tells who belongs to it", async () => {
    const created = await data(SEGMENT_CREATE, { name: "CLV CRM crm-vip", query: "customer_tags CONTAINS 'crm-vip'" });
    expect(created.segmentCreate).toEqual({
      segment: {
        id: expect.stringMatching(/^gid:\/\/shopify\/Segment\/\d+$/),
        name: "CLV CRM crm-vip",
        query: "customer_tags CONTAINS 'crm-vip'",
        creationDate: expect.any(String),
      },
      userErrors: [],
    });
    vipSegment = created.segmentCreate.segment.id;
    await data(SEGMENT_CREATE, { name: "Newsletter", query: "customer_tags CONTAINS 'newsletter'" });

    expect((await data("query ($id: ID!) { segment(id: $id) { name } }", { id: vipSegment })).segment).toEqual({ name: "CLV CRM crm-vip" });
    const byName = await data("query ($q: String!) { segments(first: 5, query: $q) { nodes { id name } } }", { q: "name:'CLV CRM crm-vip'" });
    expect(byName.segments.nodes).toEqual([{ id: vipSegment, name: "CLV CRM crm-vip" }]);
    const all = await data("{ segments(first: 5) { nodes { name } } }");
    expect(all.segments.nodes.map((n: { name: string }) => n.name)).toEqual(["CLV CRM crm-vip", "Newsletter"]);

    const membership = "query ($c: ID!, $s: [ID!]!) { customerSegmentMembership(customerId: $c, segmentIds: $s) { memberships { segmentId isMember } } }";
    const unknown = "gid://shopify/Segment/999999";
    expect((await data(membership, { c: vip.gid, s: [vipSegment, unknown] })).customerSegmentMembership.memberships).toEqual([
      { segmentId: vipSegment, isMember: true },
      { segmentId: unknown, isMember: false },
    ]);
    expect((await data(membership, { c: regular.gid, s: [vipSegment] })).customerSegmentMembership.memberships).toEqual([
      { segmentId: vipSegment, isMember: false },
    ]);

    // Membership follows the customer's tags as they change.
    const shop = sim.shop(SHOP);
    expect(shop.segmentHasCustomer(vipSegment, regular.gid)).toBe(false);
    shop.updateCustomer(regular.gid, { tags: ["newsletter", "crm-vip"] }, { silent: true });
    expect(shop.segmentHasCustomer(vipSegment, regular.gid)).toBe(true);
    expect(shop.segments().map((s) => s.name)).toEqual(["CLV CRM crm-vip", "Newsletter"]);
  });

  it("refuses a taken name and an invalid query with user errors, and a filter it does not evaluate as not implemented", async () => {
    const taken = await data(SEGMENT_CREATE, { name: "CLV CRM crm-vip", query: "customer_tags CONTAINS 'crm-vip' AND customer_tags MATCHES 'x'" });
    expect(taken.segmentCreate).toEqual({
      segment: null,
      userErrors: [
        { field: ["name"], message: "Name has already been taken" },
        { field: ["query"], message: "Query Line 1 Column 37: 'MATCHES' is unexpected." },
      ],
    });
    const unsupported = await run(SEGMENT_CREATE, { name: "Big spenders", query: "amount_spent >= 500" });
    expect(unsupported.errors).toEqual([expect.objectContaining({ extensions: { code: "NOT_IMPLEMENTED" }, path: ["segmentCreate"] })]);
    expect(sim.shop(SHOP).segments()).toHaveLength(2);
  });

  it("resolves a discount's customer segments, and refuses a discount on a segment the shop does not have", async () => {
    const create = `mutation ($input: DiscountCodeBasicInput!) {
      discountCodeBasicCreate(basicCodeDiscount: $input) {
        codeDiscountNode { codeDiscount { ... on DiscountCodeBasic {
          context { __typename ... on DiscountCustomerSegments { segments { id name } } }
          customerSelection { __typename ... on DiscountCustomerSegments { segments { id } } } } } }
        userErrors { field code message }
      }
    }`;
    const input = (segment: string, code: string) => ({
      title: "VIP thanks",
      code,
      context: { customerSegments: { add: [segment] } },
      customerGets: { value: { percentage: 0.1 }, items: { all: true } },
    });
    const made = await data(create, { input: input(vipSegment, "VIP-10") });
    expect(made.discountCodeBasicCreate).toEqual({
      codeDiscountNode: {
        codeDiscount: {
          context: { __typename: "DiscountCustomerSegments", segments: [{ id: vipSegment, name: "CLV CRM crm-vip" }] },
          customerSelection: { __typename: "DiscountCustomerSegments", segments: [{ id: vipSegment }] },
        },
      },
      userErrors: [],
    });
    const missing = await data(create, { input: input("gid://shopify/Segment/999999", "VIP-11") });
    expect(missing.discountCodeBasicCreate).toEqual({
      codeDiscountNode: null,
      userErrors: [
        {
          field: ["basicCodeDiscount", "context", "customerSegments", "add", "0"],
          code: "INVALID",
          message: "Segment gid://shopify/Segment/999999 does not exist",
        },
      ],
    });
  });

  it("needs write_customers to create a segment and read_customers to read one", async () => {
    const limited = await startSimulator({ apiKey: "segment-app", apiSecret: "s", appUrl: "http://127.0.0.1:9", scopes: "read_discounts" });
    try {
      limited.createShop(SHOP);
      const limitedToken = await offlineAccessToken(limited, SHOP, { apiKey: "segment-app", apiSecret: "s" });
      const create = await adminGraphQL(limited, SHOP, limitedToken, SEGMENT_CREATE, { name: "x", query: "customer_tags CONTAINS 'x'" });
      expect(create.body.errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: "ACCESS_DENIED", requiredAccess: "`write_customers` access scope." }) }),
      ]);
      const read = await adminGraphQL(limited, SHOP, limitedToken, "{ segments(first: 1) { nodes { id } } }");
      expect(read.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "ACCESS_DENIED" }) })]);
    } finally {
      await limited.close();
    }
  });
});
