import { parseJsonKeepingBigIntegers } from "../utils/json.ts";
import { PAYLOAD_SCHEMAS, describePayloadError } from "./payloads.ts";
import { isWebhookTopic } from "./topics.ts";

export type MinimizedPayload = { ok: true; payload: string } | { ok: false; payload: string; error: string };

/**
 * Reduces a raw webhook body to the fields the app uses, ready to store. A body that is not
 * JSON or does not match its topic's schema is kept as it came, with the reason, so nothing
 * is lost and the problem is visible.
 */
export function minimizePayload(topic: string, rawBody: string): MinimizedPayload {
  if (!isWebhookTopic(topic)) return { ok: false, payload: rawBody, error: `Unsubscribed topic "${topic}"` };
  let json: unknown;
  try {
    json = parseJsonKeepingBigIntegers(rawBody);
  } catch (error) {
    return { ok: false, payload: rawBody, error: `${topic} payload is not JSON: ${(error as Error).message}` };
  }
  const parsed = PAYLOAD_SCHEMAS[topic].safeParse(json);
  if (!parsed.success) return { ok: false, payload: rawBody, error: describePayloadError(topic, parsed.error) };
  return { ok: true, payload: JSON.stringify(json === null ? {} : pick(json, parsed.data)) };
}

/** Keeps, from the original JSON, exactly the keys the schema kept (values unparsed, so re-parsing is exact). */
function pick(original: unknown, kept: unknown): unknown {
  if (Array.isArray(kept) && Array.isArray(original)) return kept.map((item, i) => pick(original[i], item));
  if (kept && typeof kept === "object" && original && typeof original === "object") {
    const source = original as Record<string, unknown>;
    return Object.fromEntries(Object.keys(kept).filter((key) => key in source).map((key) => [key, pick(source[key], (kept as Record<string, unknown>)[key])]));
  }
  return original;
}
