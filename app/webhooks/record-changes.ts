/**
 * What a delivery of a record topic (orders, refunds, customers) changes in the app's records (pure). Such changes
 * commute (app/domain/record-change-set.ts), so the apply job writes a run of them together (jobs.server.ts).
 */
import type { RecordChange } from "../domain/record-change-set.ts";
import { TerminalError } from "../shopify/errors.ts";
import { parseJsonKeepingBigIntegers } from "../utils/json.ts";
import { describeJsonError } from "./minimize.ts";
import { PAYLOAD_SCHEMAS, describePayloadError, type PayloadOf } from "./payloads.ts";
import { customerFromPayload, orderFromPayload, orderGidFromId, refundFromPayload } from "./to-domain.ts";
import type { RecordTopic, WebhookTopic } from "./topics.ts";

/**
 * The change a stored delivery of a record topic makes. `at` is when Shopify sent it (a deletion's time). A payload
 * that is not JSON, does not match its topic's schema or cannot be read as the app's records throws a TerminalError:
 * the same bytes fail on every try. The reason names fields and GIDs, never a value of the payload.
 */
export function recordChangeOf(topic: RecordTopic, payload: string, at: Date): RecordChange {
  let json: unknown;
  try {
    json = parseJsonKeepingBigIntegers(payload);
  } catch (error) {
    throw new TerminalError(`${topic} payload ${describeJsonError(error)}`);
  }
  switch (topic) {
    case "orders/create":
    case "orders/updated":
    case "orders/paid":
    case "orders/cancelled": {
      const parsed = readPayload(topic, json);
      return {
        kind: "order",
        order: convert(topic, () => orderFromPayload(parsed)),
        refunds: convert(topic, () => parsed.refunds.map(refundFromPayload)),
      };
    }
    case "orders/delete":
      return { kind: "order deleted", orderGid: orderGidFromId(readPayload(topic, json).id), at };
    case "refunds/create": {
      const parsed = readPayload(topic, json);
      return { kind: "refund", refund: convert(topic, () => refundFromPayload(parsed)) };
    }
    case "customers/create":
    case "customers/update": {
      const parsed = readPayload(topic, json);
      return { kind: "customer", customer: convert(topic, () => customerFromPayload(parsed)) };
    }
    case "customers/delete":
      return { kind: "customer deleted", customerGid: readPayload(topic, json).admin_graphql_api_id, at };
  }
}

/**
 * The delivery's payload, parsed by its topic's schema. A payload that does not parse fails for good (the same bytes
 * fail on every try), with a reason that names fields, not their values.
 */
export function readPayload<T extends WebhookTopic>(topic: T, json: unknown): PayloadOf<T> {
  const parsed = PAYLOAD_SCHEMAS[topic].safeParse(json);
  if (!parsed.success) throw new TerminalError(describePayloadError(topic, parsed.error));
  return parsed.data as PayloadOf<T>;
}

/**
 * A payload's records (pure: no I/O, so a failure is in the payload and fails for good). The error may quote a
 * value of the payload, so only the GIDs it names are kept: the schema refuses such payloads at intake already.
 */
function convert<T>(topic: WebhookTopic, from: () => T): T {
  try {
    return from();
  } catch (error) {
    const gids = error instanceof Error ? (error.message.match(/gid:\/\/shopify\/\w+\/\d+/g) ?? []) : [];
    throw new TerminalError(`${topic} payload cannot be read as the app's records${gids.length > 0 ? ` (${gids.join(", ")})` : ""}`);
  }
}
