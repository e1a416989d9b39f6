import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type SimCustomer, type Simulator } from "../index.ts";
import { adminGraphQL, offlineAccessToken, type GraphQLBody } from "../testing/admin-client.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../testing/webhook-receiver.ts";

const SHOP = "bulk-mutation-shop.myshopify.com";
const OTHER_SHOP = "other-bulk-shop.myshopify.com";
const CREDENTIALS = { apiKey: "bulk-mutation-app", apiSecret: "bulk-secret" };
const CUSTOMERS = 300;
let sim: Simulator;
let receiver: WebhookReceiver;
let token: string;
let customers: SimCustomer[];

const STAGE = `mutation StagedUploadsCreate($input: [StagedUploadInput!]!) {
  stagedUploadsCreate(input: $input) { stagedTargets { url resourceUrl parameters { name value } } userErrors { field message } }
}`;
const RUN = `mutation BulkMutationRun($mutation: String!, $stagedUploadPath: String!, $clientIdentifier: String) {
  bulkOperationRunMutation(mutation: $mutation, stagedUploadPath: $stagedUploadPath, clientIdentifier: $clientIdentifier) {
    bulkOperation { id status type } userErrors { field message code }
  }
}`;
const TAGS_ADD = "mutation CustomerTagsAdd($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } } }";

beforeAll(async () => {
  receiver = await startWebhookReceiver(CREDENTIALS);
  sim = await startSimulator({
    ...CREDENTIALS,
    appUrl: receiver.url,
    scopes: "write_customers,read_orders,write_discounts",
    webhookSubscriptions: [{ topic: "bulk_operations/finish", uri: "/webhooks/bulk" }],
    // A bucket that never refills, so the points a test spends can be counted.
    bucket: { maximumAvailable: 2000, restoreRate: 100, clock: () => 0 },
  });
  const shop = sim.createShop(SHOP);
  customers = Array.from({ length: CUSTOMERS }, () => shop.createCustomer({}, { silent: true }));
  sim.createShop(OTHER_SHOP);
  token = await offlineAccessToken(sim, SHOP, CREDENTIALS);
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});

interface StagedTarget {
  url: string;
  resourceUrl: string | null;
  parameters: { name: string; value: string }[];
}

/** A top-level field of an answer's data, typed by the caller. */
const field = <T>(body: GraphQLBody, name: string): T => body.data?.[name] as T;

async function graphql(query: string, variables?: Record<string, unknown>, accessToken = token, shop = SHOP) {
  return (await adminGraphQL(sim, shop, accessToken, query, variables)).body;
}

/** Stages a JSONL as the app does: stagedUploadsCreate, then a multipart POST of every parameter and the file last. */
async function stage(jsonl: string, accessToken = token, shop = SHOP): Promise<string> {
  const staged = await graphql(
    STAGE,
    { input: [{ resource: "BULK_MUTATION_VARIABLES", filename: "vars.jsonl", mimeType: "text/jsonl", httpMethod: "POST" }] },
    accessToken,
    shop,
  );
  const [target] = field<{ stagedTargets: StagedTarget[] }>(staged, "stagedUploadsCreate").stagedTargets;
  if (!target) throw new Error(`no staged target: ${JSON.stringify(staged)}`);
  const form = new FormData();
  for (const { name, value } of target.parameters) form.append(name, value);
  form.append("file", new Blob([jsonl], { type: "text/jsonl" }), "vars.jsonl");
  const uploaded = await fetch(target.url, { method: "POST", body: form });
  expect(uploaded.status).toBe(201);
  return target.parameters.find((p) => p.name === "key")?.value ?? "";
}

const jsonl = (lines: unknown[]) => lines.map((line) => `${JSON.stringify(line)}\n`).join("");

async function runBulk(mutation: string, stagedUploadPath: string, clientIdentifier?: string) {
  const body = await graphql(RUN, { mutation, stagedUploadPath, clientIdentifier });
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return field<{
    bulkOperation: { id: string; status: string; type: string } | null;
    userErrors: { field: string[] | null; message: string; code: string }[];
  }>(body, "bulkOperationRunMutation");
}

async function finished(id: string): Promise<Record<string, string | null>> {
  for (;;) {
    const body = await graphql("query ($id: ID!) { bulkOperation(id: $id) { id type status errorCode objectCount fileSize url partialDataUrl } }", { id });
    const operation = field<Record<string, string | null>>(body, "bulkOperation");
    if (operation.status !== "CREATED" && operation.status !== "RUNNING") return operation;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function download(url: string): Promise<Record<string, any>[]> {
  const response = await fetch(url);
  expect(response.headers.get("content-type")).toBe("application/jsonl");
  const text = await response.text();
  return text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, any>);
}

const available = async () => (await graphql("{ shop { id } }")).extensions?.cost?.throttleStatus.currentlyAvailable ?? Number.NaN;

describe("bulk mutations", () => {
  it("runs the mutation once per uploaded line through the same resolvers, outside the bucket, and reports it finished", async () => {
    const lines = customers.map((c, i) => ({ id: c.gid, tags: [`bulk-${i % 3}`] }));
    lines[7] = { id: "gid://shopify/Customer/1", tags: ["nobody"] };
    const shop = sim.shop(SHOP);
    const before = await available();
    const callsBefore = shop.adminCalls().length;
    const key = await stage(jsonl(lines));
    const run = await runBulk(TAGS_ADD, key, `${SHOP}:tags-add`);
    expect(run).toEqual({
      bulkOperation: { id: expect.stringMatching(/^gid:\/\/shopify\/BulkOperation\/\d+$/), status: "CREATED", type: "MUTATION" },
      userErrors: [],
    });
    const operation = await finished(run.bulkOperation?.id ?? "");
    expect(operation).toMatchObject({ type: "MUTATION", status: "COMPLETED", errorCode: null, objectCount: String(CUSTOMERS), partialDataUrl: null });

    const results = await download(operation.url ?? "");
    expect(String(results.reduce((size, line) => size + Buffer.byteLength(JSON.stringify(line)) + 1, 0))).toBe(operation.fileSize);
    expect(results.map((r) => r.__lineNumber)).toEqual(lines.map((_, i) => i));
    expect(results[0]).toEqual({ data: { tagsAdd: { node: { id: customers[0]?.gid }, userErrors: [] } }, __lineNumber: 0 });
    expect(results[7]).toEqual({ data: { tagsAdd: { node: null, userErrors: [{ field: ["id"], message: "Customer does not exist" }] } }, __lineNumber: 7 });
    expect(shop.customer(customers[5]?.gid ?? "")?.tags).toEqual(["bulk-2"]);
    expect(shop.customer(customers[7]?.gid ?? "")?.tags).toEqual([]);

    // The bucket paid for the requests (10 points per mutation) and nothing for the 300 lines.
    const spent = before - (await available());
    const calls = shop.adminCalls().slice(callsBefore);
    expect(calls.filter((c) => c.kind === "mutation").map((c) => [c.operationName, c.requestedCost, c.actualCost])).toEqual([
      ["StagedUploadsCreate", 10, 10],
      ["BulkMutationRun", 10, 10],
    ]);
    expect(spent).toBe(calls.reduce((sum, c) => sum + (c.actualCost ?? 0), 0));

    await sim.webhooksSettled();
    const finish = receiver.received.find((r) => r.payload.admin_graphql_api_id === run.bulkOperation?.id);
    expect(finish).toMatchObject({ topic: "bulk_operations/finish", valid: true });
    expect(finish?.payload).toMatchObject({ status: "completed", type: "mutation", error_code: null });
    const listed = await graphql('{ bulkOperations(first: 20, query: "operation_type:mutation") { nodes { id type } } }');
    expect(field<{ nodes: unknown[] }>(listed, "bulkOperations").nodes).toContainEqual({ id: run.bulkOperation?.id, type: "MUTATION" });
    expect(shop.bulkOperations().find((op) => op.gid === run.bulkOperation?.id)?.clientIdentifier).toBe(`${SHOP}:tags-add`);
  });

  it("answers a line whose variables do not coerce, or whose field the token may not use, with that line's errors", async () => {
    const order = sim.shop(SHOP).createOrder({ totalMinor: 100 }, { silent: true });
    const key = await stage(jsonl([{ tags: ["x"] }, { id: order.gid, tags: ["x"] }, { id: customers[0]?.gid, tags: ["line-three"] }]));
    const run = await runBulk(TAGS_ADD, key);
    const operation = await finished(run.bulkOperation?.id ?? "");
    expect(operation.status).toBe("COMPLETED");
    const [missingId, denied, fine] = await download(operation.url ?? "");
    expect(missingId).toEqual({
      errors: [
        expect.objectContaining({
          message: "Variable $id of type ID! was provided invalid value",
          extensions: expect.objectContaining({ code: "INVALID_VARIABLE" }),
        }),
      ],
      __lineNumber: 0,
    });
    expect(denied).toEqual({
      data: { tagsAdd: null },
      errors: [expect.objectContaining({ path: ["tagsAdd"], extensions: expect.objectContaining({ code: "ACCESS_DENIED" }) })],
      __lineNumber: 1,
    });
    expect(fine).toMatchObject({ data: { tagsAdd: { userErrors: [] } }, __lineNumber: 2 });
    expect(sim.shop(SHOP).order(order.gid)?.tags).toEqual([]);
  });

  it.each([
    ["a parse error", "mutation { tagsAdd(", /^Invalid bulk mutation: (Unexpected end of document|Parse error on)/],
    ["an unknown field", 'mutation { tagsAdd(id: "x", tags: []) { nope } }', /^Invalid bulk mutation: Field 'nope' doesn't exist on type 'TagsAddPayload'$/],
    ["a query", "{ shop { id } }", /^Bulk mutations must contain exactly one mutation operation\.$/],
    [
      "two mutation fields",
      'mutation { a: tagsAdd(id: "x", tags: []) { node { id } } b: tagsRemove(id: "x", tags: []) { node { id } } }',
      /^Bulk mutations must contain exactly one mutation field\.$/,
    ],
    ["the bulk machinery", 'mutation { bulkOperationRunQuery(query: "{ shop { id } }") { bulkOperation { id } } }', /can't be run as a bulk mutation/],
  ])("refuses %s as INVALID_MUTATION", async (_label, mutation, message) => {
    const key = await stage(jsonl([{}]));
    const run = await runBulk(mutation, key);
    expect(run).toEqual({ bulkOperation: null, userErrors: [{ field: ["mutation"], message: expect.stringMatching(message), code: "INVALID_MUTATION" }] });
  });

  it("refuses a path that was never uploaded, or was uploaded for another shop, as NO_SUCH_FILE", async () => {
    const never = await runBulk(TAGS_ADD, "tmp/nothing/here.jsonl");
    expect(never.userErrors).toEqual([{ field: ["stagedUploadPath"], code: "NO_SUCH_FILE", message: expect.stringMatching(/^The JSONL file could not be found/) }]);
    const otherToken = await offlineAccessToken(sim, OTHER_SHOP, CREDENTIALS);
    const theirs = await stage(jsonl([{ id: customers[0]?.gid, tags: ["x"] }]), otherToken, OTHER_SHOP);
    expect((await runBulk(TAGS_ADD, theirs)).userErrors[0]?.code).toBe("NO_SUCH_FILE");
  });

  it("runs at most five bulk mutations per shop at once, with OPERATION_IN_PROGRESS for the sixth", async () => {
    const key = await stage(jsonl(customers.map((c) => ({ id: c.gid, tags: ["concurrent"] }))));
    const fields = Array.from(
      { length: 6 },
      (_, i) =>
        `r${i}: bulkOperationRunMutation(mutation: ${JSON.stringify(TAGS_ADD)}, stagedUploadPath: ${JSON.stringify(key)}) { bulkOperation { id } userErrors { code message } }`,
    );
    const body = await graphql(`mutation { ${fields.join(" ")} }`);
    const results = Object.values(body.data ?? {}) as { bulkOperation: { id: string } | null; userErrors: { code: string; message: string }[] }[];
    expect(results.slice(0, 5).every((r) => r.bulkOperation !== null && r.userErrors.length === 0)).toBe(true);
    expect(results[5]).toEqual({
      bulkOperation: null,
      userErrors: [
        {
          code: "OPERATION_IN_PROGRESS",
          message: expect.stringMatching(/^A bulk mutation operation for this app and shop is already in progress: gid:\/\/shopify\/BulkOperation\/\d+\.$/),
        },
      ],
    });
    expect(body.extensions?.cost?.requestedQueryCost).toBe(60);
    await sim.webhooksSettled();
  });

  it("fails halfway when told to: FAILED, INTERNAL_SERVER_ERROR, the lines done as partial data, and the rest can be run again", async () => {
    const lines = customers.slice(0, 5).map((c) => ({ id: c.gid, tags: ["resumed"] }));
    sim.shop(SHOP).failNextBulkMutation({ afterLines: 2 });
    const run = await runBulk(TAGS_ADD, await stage(jsonl(lines)));
    const operation = await finished(run.bulkOperation?.id ?? "");
    expect(operation).toMatchObject({ status: "FAILED", errorCode: "INTERNAL_SERVER_ERROR", url: null, objectCount: "2" });
    const partial = await download(operation.partialDataUrl ?? "");
    expect(partial.map((line) => line.__lineNumber)).toEqual([0, 1]);
    const tagged = () => customers.slice(0, 5).map((c) => sim.shop(SHOP).customer(c.gid)?.tags.includes("resumed"));
    expect(tagged()).toEqual([true, true, false, false, false]);
    await sim.webhooksSettled();
    expect(receiver.received.find((r) => r.payload.admin_graphql_api_id === run.bulkOperation?.id)?.payload).toMatchObject({
      status: "failed",
      error_code: "internal_server_error",
    });

    // The fault was for one operation: the lines not done run to completion.
    const rest = await finished((await runBulk(TAGS_ADD, await stage(jsonl(lines.slice(2))))).bulkOperation?.id ?? "");
    expect(rest.status).toBe("COMPLETED");
    expect(tagged()).toEqual([true, true, true, true, true]);
  });

  it("fails on a line that is not a JSON object, keeping the results before it", async () => {
    const text = `${JSON.stringify({ id: customers[10]?.gid, tags: ["before-bad"] })}\n{"id": oops\n${JSON.stringify({ id: customers[11]?.gid, tags: ["after-bad"] })}\n`;
    const operation = await finished((await runBulk(TAGS_ADD, await stage(text))).bulkOperation?.id ?? "");
    expect(operation).toMatchObject({ status: "FAILED", errorCode: "INTERNAL_SERVER_ERROR", objectCount: "1" });
    expect((await download(operation.partialDataUrl ?? "")).map((line) => line.__lineNumber)).toEqual([0]);
    expect(sim.shop(SHOP).customer(customers[11]?.gid ?? "")?.tags).not.toContain("after-bad");
  });

  it("takes an upload only with the target's signed fields, as the storage bucket does", async () => {
    const staged = await graphql(STAGE, { input: [{ resource: "BULK_MUTATION_VARIABLES", filename: "v.jsonl", mimeType: "text/jsonl", httpMethod: "POST" }] });
    const [target] = field<{ stagedTargets: StagedTarget[] }>(staged, "stagedUploadsCreate").stagedTargets;
    if (!target) throw new Error(`no staged target: ${JSON.stringify(staged)}`);
    expect(target.resourceUrl).toBeNull();
    expect(staged.extensions?.cost?.actualQueryCost).toBe(10);
    const post = async (change: (params: Map<string, string>) => void) => {
      const params = new Map(target.parameters.map((p) => [p.name, p.value]));
      change(params);
      const form = new FormData();
      for (const [name, value] of params) form.append(name, value);
      form.append("file", new Blob(["{}\n"]), "v.jsonl");
      const response = await fetch(target.url, { method: "POST", body: form });
      return { status: response.status, body: await response.text() };
    };
    expect(await post((p) => p.delete("x-goog-signature"))).toMatchObject({ status: 403, body: expect.stringContaining("<Code>SignatureDoesNotMatch</Code>") });
    expect(await post((p) => p.set("key", "tmp/elsewhere/v.jsonl"))).toMatchObject({ status: 403, body: expect.stringContaining("<Code>AccessDenied</Code>") });
    expect((await post(() => undefined)).status).toBe(201);
  });

  it("answers media uploads and PUT targets as not implemented", async () => {
    const body = await graphql(STAGE, { input: [{ resource: "IMAGE", filename: "a.png", mimeType: "image/png", httpMethod: "POST" }] });
    expect(body.errors).toEqual([expect.objectContaining({ extensions: { code: "NOT_IMPLEMENTED" } })]);
    const put = await graphql(STAGE, { input: [{ resource: "BULK_MUTATION_VARIABLES", filename: "v.jsonl", mimeType: "text/jsonl" }] });
    expect(put.errors).toEqual([expect.objectContaining({ message: expect.stringContaining("httpMethod PUT") })]);
  });
});
