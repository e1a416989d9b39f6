/**
 * What a webhook request must be before the app reads it: its size, its headers, its shop (pure, but for reading the
 * body). The reasons are the answers' bodies and the logs' reasons: they name the problem, never the body's content.
 * See docs/decisions/0009-webhook-input-limits.md.
 */

/**
 * The largest body the app reads: 5 MiB. Shopify's order payloads (the largest the app subscribes to) run to a few
 * kilobytes per line item; an order of 500 lines stays under 3 MB. A larger body is answered 413 before it is read whole.
 */
export const WEBHOOK_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

/** The headers every delivery carries once (shopify.dev "Webhooks delivery structure"). */
export const REQUIRED_SHOPIFY_HEADERS = [
  "X-Shopify-Hmac-Sha256",
  "X-Shopify-Topic",
  "X-Shopify-Shop-Domain",
  "X-Shopify-API-Version",
  "X-Shopify-Webhook-Id",
] as const;

/** A request the app refuses: its status and why, in words that quote nothing the sender wrote. */
export interface Refusal {
  readonly status: number;
  readonly reason: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export function refusalResponse(refusal: Refusal): Response {
  return new Response(`${refusal.reason}\n`, { status: refusal.status, headers: { "Content-Type": "text/plain; charset=utf-8", ...refusal.headers } });
}

/** Webhook routes take POST only; a GET or HEAD (a browser, a probe) is told so, with the method that works. */
export const METHOD_NOT_ALLOWED: Refusal = { status: 405, reason: "Webhook routes accept POST only", headers: { Allow: "POST" } };

const TOO_LARGE: Refusal = {
  status: 413,
  reason: `The body is larger than the ${WEBHOOK_BODY_LIMIT_BYTES} bytes a webhook may have`,
  // Stop reading the rest: the connection is closed after the answer instead of draining the body.
  headers: { Connection: "close" },
};

/**
 * A required header sent more than once: the Fetch API (and Remix's adapter) joins repeated headers with ", ", and
 * none of these values has a comma of its own (base64, a topic, a domain, a version, an id).
 */
export function duplicatedHeader(headers: Headers): Refusal | null {
  const repeated = REQUIRED_SHOPIFY_HEADERS.find((name) => headers.get(name)?.includes(","));
  return repeated ? { status: 400, reason: `${repeated} is sent more than once` } : null;
}

/** A shop's permanent domain, as Shopify sends it in X-Shopify-Shop-Domain: `<handle>.myshopify.com`, lower case. */
export function isShopDomain(domain: string): boolean {
  return /^[a-z0-9][a-z0-9-]{0,99}\.myshopify\.com$/.test(domain);
}

/**
 * The body as text, unless it is larger than `limit` bytes: a declared Content-Length over the limit is refused
 * without reading a byte, and a body without one (chunked) is counted as it streams and refused at the first chunk
 * past the limit, the rest left unread.
 */
export async function readBodyWithin(request: Request, limit: number = WEBHOOK_BODY_LIMIT_BYTES): Promise<{ text: string } | Refusal> {
  const declared = request.headers.get("content-length");
  if (declared !== null) {
    if (!/^\d+$/.test(declared.trim())) return { status: 400, reason: "Content-Length is not a number of bytes" };
    if (Number(declared) > limit) return TOO_LARGE;
  }
  if (!request.body) return { text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    // Not cancelled: cancelling Remix's stream destroys the socket, and the sender would get no answer.
    if (size > limit) return TOO_LARGE;
    chunks.push(value);
  }
  return { text: Buffer.concat(chunks, size).toString("utf8") };
}
