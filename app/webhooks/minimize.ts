import { parseJsonKeepingBigIntegers } from "../utils/json.ts";
import { PAYLOAD_SCHEMAS, describePayloadError, type PayloadOf } from "./payloads.ts";
import { customerGidFromId, orderGidFromId } from "./to-domain.ts";
import { isWebhookTopic, type WebhookTopic } from "./topics.ts";

export type MinimizedPayload = { ok: true; payload: string } | { ok: false; payload: string; error: string };

/** The field added to every stored payload: the GIDs of the shoppers and orders it concerns. */
export const SUBJECTS_FIELD = "subject_gids";

// Keys whose values are (or can hold) a shopper's personal data in Shopify's payloads.
const PERSONAL_KEYS = new Set([
  "email",
  "contact_email",
  "phone",
  "first_name",
  "last_name",
  "name",
  "company",
  "address1",
  "address2",
  "city",
  "zip",
  "province",
  "country",
  "latitude",
  "longitude",
  "billing_address",
  "shipping_address",
  "default_address",
  "addresses",
  "browser_ip",
  "client_details",
  "note",
  "note_attributes",
  "landing_site",
  "referring_site",
  "customer_locale",
]);

/**
 * Reduces a raw webhook body to the fields the app uses, ready to store, with the GIDs it
 * concerns listed in `subject_gids` (Shopify names some only by numeric id), so that a
 * redaction finds every stored delivery about a shopper. A body that does not match its
 * topic's schema is kept, with the reason, but without the keys that carry personal data;
 * a body that is not JSON is kept only as its size.
 */
export function minimizePayload(topic: string, rawBody: string): MinimizedPayload {
  let json: unknown;
  try {
    json = parseJsonKeepingBigIntegers(rawBody);
  } catch (error) {
    return { ok: false, payload: JSON.stringify({ unreadable_bytes: rawBody.length }), error: `${topic} payload is not JSON: ${(error as Error).message}` };
  }
  if (!isWebhookTopic(topic)) return { ok: false, payload: JSON.stringify(withoutPersonalData(json)), error: `Unsubscribed topic "${topic}"` };
  const parsed = PAYLOAD_SCHEMAS[topic].safeParse(json);
  if (!parsed.success) {
    return { ok: false, payload: JSON.stringify(withoutPersonalData(json)), error: describePayloadError(topic, parsed.error) };
  }
  const kept = (json === null ? {} : pick(json, parsed.data)) as Record<string, unknown>;
  return { ok: true, payload: JSON.stringify({ ...kept, [SUBJECTS_FIELD]: subjectGids(topic, parsed.data) }) };
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

function withoutPersonalData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPersonalData);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => !PERSONAL_KEYS.has(key))
        .map(([key, v]) => [key, withoutPersonalData(v)]),
    );
  }
  return value;
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
