/**
 * The security headers of the app's answers (docs/decisions/0010-frame-ancestors-on-every-response.md). Pure: which
 * shop a request comes from is shopify.server.ts's to say.
 */

/** Where Shopify admin runs; it frames the embedded app. */
export const SHOPIFY_ADMIN_ORIGIN = "https://admin.shopify.com";

/**
 * The Content-Security-Policy of an embedded answer: Shopify admin and the shop's own admin may frame it, nothing
 * else. Without a known shop, Shopify admin alone, so that an error page shown in the admin's frame (an expired
 * token, a request without its parameters) still shows there.
 */
export function frameAncestorsPolicy(shop: string | null): string {
  return shop ? `frame-ancestors https://${shop} ${SHOPIFY_ADMIN_ORIGIN}` : `frame-ancestors ${SHOPIFY_ADMIN_ORIGIN}`;
}

/** The answers of the routes admin UI extensions fetch: data that no page may frame, run or sniff as another type. */
export const API_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
};

/**
 * `response` with `headers` set. A response whose headers cannot change (one that fetch returned, or Response.redirect
 * made) is copied into one that can.
 */
export function withHeaders<R extends Response>(response: R, headers: Readonly<Record<string, string>>): R {
  try {
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  } catch {
    const copy = new Response(response.body, { status: response.status, statusText: response.statusText, headers: response.headers });
    for (const [name, value] of Object.entries(headers)) copy.headers.set(name, value);
    return copy as R;
  }
}
