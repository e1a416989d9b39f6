import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type SimCustomer, type SimShop, type Simulator } from "../index.ts";
import { adminGraphQL, offlineAccessToken } from "../testing/admin-client.ts";

const GRANTED = "granted-shop.myshopify.com";
const LEVEL_1 = "level-one-shop.myshopify.com";
const NAMES_ONLY = "names-only-shop.myshopify.com";
const CREDENTIALS = { apiKey: "pcd-app", apiSecret: "pcd-secret" };
let sim: Simulator;
const tokens = new Map<string, string>();
const ada = new Map<string, SimCustomer>();

const NOT_APPROVED = /^This app is not approved to use the (\w+) field\. See https:\/\/partners\.shopify\.com\/1\/apps\/\d+\/customer_data for more details\.$/;

beforeAll(async () => {
  sim = await startSimulator({ ...CREDENTIALS, appUrl: "http://127.0.0.1:9", scopes: "read_customers,read_orders" });
  const shops: [string, SimShop][] = [
    [GRANTED, sim.createShop(GRANTED)],
    [LEVEL_1, sim.createShop(LEVEL_1, { protectedCustomerFields: [] })],
    [NAMES_ONLY, sim.createShop(NAMES_ONLY, { protectedCustomerFields: ["name"] })],
  ];
  for (const [domain, shop] of shops) {
    const customer = shop.createCustomer({ firstName: "Ada", lastName: "Lovelace", email: "ada.l@example.com", phone: "+15550100" }, { silent: true });
    shop.createCustomer({ firstName: "Charles", lastName: "Babbage", email: "charles@example.com" }, { silent: true });
    shop.createOrder({ customerGid: customer.gid, totalMinor: 1_000, email: "ada.l@example.com" }, { silent: true });
    ada.set(domain, customer);
    tokens.set(domain, await offlineAccessToken(sim, domain, CREDENTIALS));
  }
});
afterAll(() => sim.close());

interface Answer {
  data: {
    customer?: Record<string, unknown> | null;
    customers?: { nodes: { id: string }[] };
    customersCount?: { count: number };
    orders?: { nodes: Record<string, unknown>[] };
    nodes?: unknown[];
  } | null;
  errors?: { message: string; path: (string | number)[]; extensions: { code: string } }[];
}

async function ask(shop: string, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  const response = await adminGraphQL(sim, shop, tokens.get(shop) ?? "", query, variables);
  expect(response.status).toBe(200);
  return response.body as Answer;
}

const PERSONAL = `query ($id: ID!) {
  customer(id: $id) {
    id firstName lastName email defaultEmailAddress { emailAddress } phone defaultPhoneNumber { phoneNumber } defaultAddress { address1 }
  }
}`;

describe("protected customer fields (level 2)", () => {
  it("answers names, emails and phones to an app granted them (the default)", async () => {
    const body = await ask(GRANTED, PERSONAL, { id: ada.get(GRANTED)?.gid });
    expect(body.errors).toBeUndefined();
    expect(body.data?.customer).toEqual({
      id: ada.get(GRANTED)?.gid,
      firstName: "Ada",
      lastName: "Lovelace",
      email: "ada.l@example.com",
      defaultEmailAddress: { emailAddress: "ada.l@example.com" },
      phone: "+15550100",
      defaultPhoneNumber: { phoneNumber: "+15550100" },
      defaultAddress: null,
    });
    const names = await ask(GRANTED, "query ($id: ID!) { customer(id: $id) { displayName addresses { address1 } } }", { id: ada.get(GRANTED)?.gid });
    expect(names.data?.customer).toEqual({ displayName: "Ada Lovelace", addresses: [] });
  });

  it("answers each ungranted field null with an ACCESS_DENIED error at its path, naming it", async () => {
    const body = await ask(LEVEL_1, PERSONAL, { id: ada.get(LEVEL_1)?.gid });
    expect(body.data?.customer).toEqual({
      id: ada.get(LEVEL_1)?.gid,
      firstName: null,
      lastName: null,
      email: null,
      defaultEmailAddress: null,
      phone: null,
      defaultPhoneNumber: null,
      defaultAddress: null,
    });
    const errors = body.errors ?? [];
    expect(errors.map((e) => e.path)).toEqual(
      ["firstName", "lastName", "email", "defaultEmailAddress", "phone", "defaultPhoneNumber", "defaultAddress"].map((f) => ["customer", f]),
    );
    for (const error of errors) {
      expect(error.extensions.code).toBe("ACCESS_DENIED");
      expect(NOT_APPROVED.exec(error.message)?.[1]).toBe(error.path[1]);
    }
  });

  it("grants field by field: names without emails", async () => {
    const body = await ask(NAMES_ONLY, "query ($id: ID!) { customer(id: $id) { firstName displayName email } }", { id: ada.get(NAMES_ONLY)?.gid });
    expect(body.data?.customer).toEqual({ firstName: "Ada", displayName: "Ada Lovelace", email: null });
    expect(body.errors?.map((e) => [e.path, e.extensions.code])).toEqual([[["customer", "email"], "ACCESS_DENIED"]]);
  });

  it("falls back from the name to the email in displayName only when the email is granted", async () => {
    const shop = sim.shop(NAMES_ONLY);
    const nameless = shop.createCustomer({ email: "nameless@example.com" }, { silent: true });
    const body = await ask(NAMES_ONLY, "query ($id: ID!) { customer(id: $id) { displayName } }", { id: nameless.gid });
    expect(body.data?.customer).toEqual({ displayName: "Unnamed customer" });
    const granted = sim.shop(GRANTED).createCustomer({ email: "nameless@example.com" }, { silent: true });
    expect((await ask(GRANTED, "query ($id: ID!) { customer(id: $id) { displayName } }", { id: granted.gid })).data?.customer).toEqual({
      displayName: "nameless@example.com",
    });
    shop.deleteCustomer(nameless.gid, { silent: true });
    sim.shop(GRANTED).deleteCustomer(granted.gid, { silent: true });
  });

  it("nulls the customer when a non-null field (displayName) is denied, as GraphQL does, so nodes() lists null", async () => {
    const body = await ask(LEVEL_1, "query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Customer { id displayName } } }", { ids: [ada.get(LEVEL_1)?.gid] });
    expect(body.data).toEqual({ nodes: [null] });
    expect(body.errors).toMatchObject([{ path: ["nodes", 0, "displayName"], extensions: { code: "ACCESS_DENIED" } }]);
    expect(body.errors?.[0]?.message).toMatch(/ displayName field\. /);
  });

  it("denies Order.email too", async () => {
    const body = await ask(LEVEL_1, "{ orders(first: 1) { nodes { name email } } }");
    expect(body.data?.orders?.nodes).toEqual([{ name: "#1001", email: null }]);
    expect(body.errors).toMatchObject([{ path: ["orders", "nodes", 0, "email"], extensions: { code: "ACCESS_DENIED" } }]);
  });

  it("follows a change of the grant", async () => {
    const shop = sim.shop(NAMES_ONLY);
    shop.setProtectedCustomerFields(["name", "email"]);
    try {
      expect([...shop.protectedCustomerFields]).toEqual(["name", "email"]);
      const body = await ask(NAMES_ONLY, "query ($id: ID!) { customer(id: $id) { email } }", { id: ada.get(NAMES_ONLY)?.gid });
      expect(body).toMatchObject({ data: { customer: { email: "ada.l@example.com" } } });
      expect(body.errors).toBeUndefined();
    } finally {
      shop.setProtectedCustomerFields(["name"]);
    }
  });

  it("refuses a field it does not know", () => {
    expect(() => sim.createShop("typo-shop", { protectedCustomerFields: ["names" as "name"] })).toThrow(/Unknown protected customer field "names"/);
    expect(() => sim.shop(GRANTED).setProtectedCustomerFields(["adress" as "address"])).toThrow(RangeError);
  });
});

describe("customer search with and without the grant", () => {
  async function found(shop: string, query: string): Promise<{ names: number; count: number }> {
    const body = await ask(shop, "query ($q: String!) { customers(first: 10, query: $q) { nodes { id } } customersCount(query: $q) { count } }", { q: query });
    expect(body.errors).toBeUndefined();
    return { names: body.data?.customers?.nodes.length ?? -1, count: body.data?.customersCount?.count ?? -1 };
  }

  it("finds customers by name, email and phone in free text and by field when granted", async () => {
    expect(await found(GRANTED, '"Ada Lovelace"')).toEqual({ names: 1, count: 1 });
    expect(await found(GRANTED, "ada love")).toEqual({ names: 1, count: 1 });
    expect(await found(GRANTED, '"ada.l@example.com"')).toEqual({ names: 1, count: 1 });
    expect(await found(GRANTED, "example.com")).toEqual({ names: 2, count: 2 });
    expect(await found(GRANTED, "15550100")).toEqual({ names: 1, count: 1 });
    expect(await found(GRANTED, "first_name:ada")).toEqual({ names: 1, count: 1 });
    expect(await found(GRANTED, "last_name:bab*")).toEqual({ names: 1, count: 1 });
    expect(await found(GRANTED, "email:charles@example.com")).toEqual({ names: 1, count: 1 });
    expect(await found(GRANTED, "phone:*")).toEqual({ names: 1, count: 1 });
    expect(await found(GRANTED, '"Grace Hopper"')).toEqual({ names: 0, count: 0 });
  });

  it("does not match names, emails or phones the app was not granted", async () => {
    for (const query of ['"Ada Lovelace"', "ada", '"ada.l@example.com"', "15550100", "first_name:ada", "last_name:lovelace", "email:*", "phone:*"]) {
      expect({ query, ...(await found(LEVEL_1, query)) }).toEqual({ query, names: 0, count: 0 });
    }
    expect(await found(NAMES_ONLY, '"Ada Lovelace"')).toEqual({ names: 1, count: 1 });
    expect(await found(NAMES_ONLY, '"ada.l@example.com"')).toEqual({ names: 0, count: 0 });
    expect(await found(NAMES_ONLY, "email:ada.l@example.com")).toEqual({ names: 0, count: 0 });
  });

  it("still filters on the fields that are not protected", async () => {
    expect(await found(LEVEL_1, `id:${ada.get(LEVEL_1)?.legacyId}`)).toEqual({ names: 1, count: 1 });
  });

  it("does not match orders by an email the app was not granted", async () => {
    const granted = await ask(GRANTED, '{ orders(first: 5, query: "email:ada.l@example.com") { nodes { id } } }');
    const denied = await ask(LEVEL_1, '{ orders(first: 5, query: "email:ada.l@example.com") { nodes { id } } }');
    expect([granted.data?.orders?.nodes.length, denied.data?.orders?.nodes.length]).toEqual([1, 0]);
  });
});
