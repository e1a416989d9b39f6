/**
 * How the Admin API answers for a shop that is not simply open, and faults scripted for the next requests, as Shopify
 * documents them (shopify.dev "API response status and error codes"; 423 per the 2018-08-30 changelog).
 */

/** "frozen": an unpaid bill (402). "locked": Shopify locked the shop (423). "closed": the shop is gone (404). */
export type ShopAvailability = "open" | "frozen" | "locked" | "closed";

/**
 * One scripted answer to the next Admin API request: an HTTP failure; a delay before the real answer (the request is
 * still run when the client has given up waiting); or THROTTLED, the cost bucket refusing the request as it does when
 * it holds less than the requested cost (HTTP 200, `errors[0].extensions.code` THROTTLED, the bucket's real status in
 * `extensions.cost`), whatever the bucket holds.
 */
export type AdminFault =
  | { readonly status: 429; readonly retryAfterSeconds?: number }
  | { readonly status: 403 | 500 | 502 | 503 | 504 }
  | { readonly delayMs: number }
  | { readonly code: "THROTTLED" };

export interface FaultAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
}

const UNAVAILABLE: Readonly<Record<Exclude<ShopAvailability, "open">, FaultAnswer>> = {
  frozen: { status: 402, body: { errors: "Unavailable Shop" }, headers: {} },
  locked: { status: 423, body: { errors: "Locked" }, headers: {} },
  closed: { status: 404, body: { errors: "Not Found" }, headers: {} },
};

const FAULT_BODIES: Readonly<Record<number, string>> = {
  403: "[API] This action requires merchant approval for read_orders scope.",
  429: "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export function availabilityAnswer(availability: ShopAvailability): FaultAnswer | null {
  return availability === "open" ? null : UNAVAILABLE[availability];
}

export function faultAnswer(fault: Extract<AdminFault, { status: number }>): FaultAnswer {
  const headers: Record<string, string> = fault.status === 429 ? { "Retry-After": (fault.retryAfterSeconds ?? 2).toFixed(1) } : {};
  return { status: fault.status, body: { errors: FAULT_BODIES[fault.status] }, headers };
}
