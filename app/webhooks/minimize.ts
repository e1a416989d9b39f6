import { z } from "zod";
import { parseJsonKeepingBigIntegers } from "../utils/json.ts";
import { PAYLOAD_SCHEMAS, describePayloadError, type PayloadOf } from "./payloads.ts";
import { customerGidFromId, orderGidFromId } from "./to-domain.ts";
import { isWebhookTopic, type WebhookTopic } from "./topics.ts";

export type MinimizedPayload = { ok: true; payload: string } | { ok: false; payload: string; error: string };

/** The field added to every stored payload: the GIDs of the shoppers and orders it concerns. */
export const SUBJECTS_FIELD = "subject_gids";

/**
 * Reduces a raw webhook body to the fields the app uses, ready to store (see minimizeJson). A body that is not JSON
 * is kept only as its size, and its error names where the JSON broke, never what was there.
 */
export function minimizePayload(topic: string, rawBody: string): MinimizedPayload {
  let json: unknown;
  try {
    json = parseJsonKeepingBigIntegers(rawBody);
  } catch (error) {
    return { ok: false, payload: JSON.stringify({ unreadable_bytes: Buffer.byteLength(rawBody) }), error: `${topic} payload ${describeJsonError(error)}` };
  }
  return minimizeJson(topic, json);
}

/**
 * What is wrong with a body that JSON.parse refused, without the body: V8's message quotes the text around the
 * error ("Unexpected token 'J', "Jane Doe" is not valid JSON"), so only the position is kept.
 */
export function describeJsonError(error: unknown): string {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
  return position === undefined ? "is not JSON" : `is not JSON (invalid at byte ${position})`;
}

/**
 * Reduces a parsed webhook body to the fields the app uses, with the GIDs it concerns listed in `subject_gids`
 * (Shopify names some only by numeric id), so that a redaction finds every stored delivery about a shopper.
 *
 * A body that does not match its topic's schema keeps the same fields and nothing else (keepReadFields): the
 * reason and what the app would have read, so that it can be applied again by a version that accepts it, and
 * none of the rest (card details, receipts, addresses, tracking numbers).
 */
export function minimizeJson(topic: string, json: unknown): MinimizedPayload {
  if (!isWebhookTopic(topic)) return { ok: false, payload: "{}", error: `Unsubscribed topic "${topic}"` };
  const schema = PAYLOAD_SCHEMAS[topic];
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const kept = keepReadFields(schema, json);
    const subjects = rejectedSubjectGids(kept);
    const payload = kept !== null && typeof kept === "object" && !Array.isArray(kept) ? { ...kept, [SUBJECTS_FIELD]: subjects } : (kept ?? null);
    return { ok: false, payload: JSON.stringify(payload), error: describePayloadError(topic, parsed.error) };
  }
  const kept = (json === null ? {} : pick(json, parsed.data)) as Record<string, unknown>;
  return { ok: true, payload: JSON.stringify({ ...kept, [SUBJECTS_FIELD]: subjectGids(topic, parsed.data) }) };
}

/** The longest string kept of a rejected payload: ids, timestamps, codes and amounts are far shorter. */
const MAX_KEPT_STRING = 256;

/**
 * The parts of `value` that `schema` reads: an object keeps the schema's keys, an array its items, a place the schema
 * reads as a scalar keeps a short scalar of a type it takes (an amount of "abc" stays, to be read again by a version
 * that can). Anything else (a key the schema does not name, an object or a name where a boolean was expected, a long
 * string) is dropped.
 */
export function keepReadFields(schema: z.ZodTypeAny, value: unknown): unknown {
  const def = schema._def as { typeName?: string; innerType?: z.ZodTypeAny; schema?: z.ZodTypeAny; in?: z.ZodTypeAny; type?: z.ZodTypeAny };
  switch (def.typeName) {
    case z.ZodFirstPartyTypeKind.ZodNullable:
      return value === null ? null : keepReadFields(def.innerType as z.ZodTypeAny, value);
    case z.ZodFirstPartyTypeKind.ZodOptional:
    case z.ZodFirstPartyTypeKind.ZodDefault:
      return keepReadFields(def.innerType as z.ZodTypeAny, value);
    case z.ZodFirstPartyTypeKind.ZodEffects:
      return keepReadFields(def.schema as z.ZodTypeAny, value);
    case z.ZodFirstPartyTypeKind.ZodPipeline:
      return keepReadFields(def.in as z.ZodTypeAny, value);
    case z.ZodFirstPartyTypeKind.ZodObject: {
      if (!isPlainObject(value)) return value === null ? null : undefined;
      const shape = (schema as z.AnyZodObject).shape as Record<string, z.ZodTypeAny>;
      return Object.fromEntries(Object.entries(shape).flatMap(([key, field]) => (key in value ? [[key, keepReadFields(field, value[key])]] : [])));
    }
    case z.ZodFirstPartyTypeKind.ZodArray:
      return Array.isArray(value) ? value.map((item) => keepReadFields(def.type as z.ZodTypeAny, item) ?? null) : undefined;
    default:
      return scalarTypes(schema).has(typeof value === "object" ? "null" : typeof value) ? shortScalar(value) : undefined;
  }
}

/** The JSON types a scalar schema takes ("string", "number", "boolean", "null"), through unions and wrappers. */
function scalarTypes(schema: z.ZodTypeAny): Set<string> {
  const def = schema._def as { typeName?: string; innerType?: z.ZodTypeAny; schema?: z.ZodTypeAny; in?: z.ZodTypeAny; options?: z.ZodTypeAny[] };
  switch (def.typeName) {
    case z.ZodFirstPartyTypeKind.ZodString:
      return new Set(["string"]);
    case z.ZodFirstPartyTypeKind.ZodNumber:
      return new Set(["number"]);
    case z.ZodFirstPartyTypeKind.ZodBoolean:
      return new Set(["boolean"]);
    case z.ZodFirstPartyTypeKind.ZodNull:
      return new Set(["null"]);
    case z.ZodFirstPartyTypeKind.ZodOptional:
    case z.ZodFirstPartyTypeKind.ZodDefault:
      return scalarTypes(def.innerType as z.ZodTypeAny);
    case z.ZodFirstPartyTypeKind.ZodNullable:
      return new Set([...scalarTypes(def.innerType as z.ZodTypeAny), "null"]);
    case z.ZodFirstPartyTypeKind.ZodEffects:
      return scalarTypes(def.schema as z.ZodTypeAny);
    case z.ZodFirstPartyTypeKind.ZodPipeline:
      return scalarTypes(def.in as z.ZodTypeAny);
    case z.ZodFirstPartyTypeKind.ZodUnion:
      return new Set((def.options ?? []).flatMap((option) => [...scalarTypes(option)]));
    default:
      return new Set();
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function shortScalar(value: unknown): unknown {
  if (value === null || typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "string" && value.length <= MAX_KEPT_STRING) return value;
  return undefined;
}

const SUBJECT_GID = /^gid:\/\/shopify\/(?:Customer|Order|Refund)\/\d+$/;
const NUMERIC_ID = /^\d+$/;

/**
 * The GIDs a rejected payload names, as far as they can be read: its GIDs, and the numeric ids that Shopify's
 * refund, order deletion and compliance payloads use, so that a redaction still finds the row.
 */
function rejectedSubjectGids(kept: unknown): string[] {
  const found = new Set<string>();
  const numeric = (id: unknown) => (typeof id === "number" && Number.isSafeInteger(id)) || (typeof id === "string" && NUMERIC_ID.test(id));
  const walk = (value: unknown) => {
    if (typeof value === "string" && SUBJECT_GID.test(value)) found.add(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (isPlainObject(value)) Object.values(value).forEach(walk);
  };
  walk(kept);
  if (isPlainObject(kept)) {
    if (numeric(kept.order_id)) found.add(orderGidFromId(String(kept.order_id)));
    if (numeric(kept.id) && !("admin_graphql_api_id" in kept)) found.add(orderGidFromId(String(kept.id)));
    const customer = kept.customer;
    if (isPlainObject(customer) && numeric(customer.id)) found.add(customerGidFromId(String(customer.id)));
    for (const list of [kept.orders_to_redact, kept.orders_requested]) {
      if (Array.isArray(list)) for (const id of list) if (numeric(id)) found.add(orderGidFromId(String(id)));
    }
  }
  return [...found];
}

/** The shoppers, orders and refunds a delivery is about. */
function subjectGids(topic: WebhookTopic, payload: PayloadOf<WebhookTopic>): string[] {
  switch (topic) {
    case "orders/create":
    case "orders/updated":
    case "orders/paid":
    case "orders/cancelled": {
      const order = payload as PayloadOf<"orders/create">;
      return [order.admin_graphql_api_id, ...(order.customer ? [order.customer.admin_graphql_api_id] : []), ...order.refunds.map((r) => r.admin_graphql_api_id)];
    }
    case "orders/delete":
      return [orderGidFromId((payload as PayloadOf<"orders/delete">).id)];
    case "refunds/create": {
      const refund = payload as PayloadOf<"refunds/create">;
      return [refund.admin_graphql_api_id, orderGidFromId(refund.order_id)];
    }
    case "customers/create":
    case "customers/update":
    case "customers/delete":
      return [(payload as PayloadOf<"customers/delete">).admin_graphql_api_id];
    case "customers/redact": {
      const redact = payload as PayloadOf<"customers/redact">;
      return [customerGidFromId(redact.customer.id), ...redact.orders_to_redact.map(orderGidFromId)];
    }
    case "customers/data_request": {
      const request = payload as PayloadOf<"customers/data_request">;
      return [customerGidFromId(request.customer.id), ...request.orders_requested.map(orderGidFromId)];
    }
    default:
      return [];
  }
}

/** Keeps, from the original JSON, exactly the keys the schema kept (values unparsed, so re-parsing is exact). */
function pick(original: unknown, kept: unknown): unknown {
  if (Array.isArray(kept) && Array.isArray(original)) return kept.map((item, i) => pick(original[i], item));
  if (kept && typeof kept === "object" && original && typeof original === "object") {
    const source = original as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(kept)
        .filter((key) => key in source)
        .map((key) => [key, pick(source[key], (kept as Record<string, unknown>)[key])]),
    );
  }
  return original;
}
