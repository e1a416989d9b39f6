import { afterAll, beforeAll, expect, test } from "vitest";
import { startSimulator, type Simulator } from "../index.ts";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ apiKey: "page-app", apiSecret: "page-secret", appUrl: "http://127.0.0.1:3999", scopes: "read_customers" });
  const shop = sim.createShop("page-shop.myshopify.com", { name: "Page shop" });
  shop.createCustomer({ tags: ["crm-vip", "wholesale"] }, { silent: true });
  shop.createCustomer({ tags: ["<script>"] }, { silent: true });
  shop.createCustomer({}, { silent: true });
});
afterAll(() => sim.close());

test("lists the customers with tags, and those with one tag when asked, escaping what it shows", async () => {
  const all = await (await fetch(`${sim.url}/admin/page-shop/customers`)).text();
  expect(all).toContain("Customers with tags: 2 of 3");
  expect(all).toContain('<span class="tag">crm-vip</span>');
  expect(all).toContain("&#60;script&#62;");
  expect(all).not.toContain("<script>");
  const vip = await (await fetch(`${sim.url}/admin/page-shop/customers?tag=crm-vip`)).text();
  expect(vip).toContain("Customers tagged crm-vip: 1 of 3");
  expect(vip).not.toContain("&#60;script&#62;</span></td>");
  expect((await fetch(`${sim.url}/admin/no-such-shop/customers`)).status).toBe(404);
});
