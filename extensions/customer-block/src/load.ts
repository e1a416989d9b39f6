import { type CustomerBlockAnswer, parseAnswer } from "./answer.ts";

/** Where the block is in its one request to the app's backend. */
export type LoadState =
  | { readonly phase: "loading" }
  | { readonly phase: "loaded"; readonly answer: CustomerBlockAnswer }
  | {
      readonly phase: "failed";
      /** no-customer: the page gave no customer; network: no answer at all; http: an answer other than 2xx; bad-answer: a 2xx the block cannot read. */
      readonly reason: "no-customer" | "network" | "http" | "bad-answer";
      readonly httpStatus: number | null;
      /** The app's own message (`{"error": "..."}`) or the network error's, when there is one. */
      readonly detail: string | null;
    };

/** Relative: the admin resolves it against the app's `application_url` and adds the session token (Authorization). */
export function blockUrl(customerGid: string): string {
  return `/api/customer-block?id=${encodeURIComponent(customerGid)}`;
}

async function jsonOf(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

function errorMessage(json: unknown): string | null {
  return typeof json === "object" && json !== null && "error" in json && typeof json.error === "string" ? json.error : null;
}

/** Asks the app for the shopper's scores; never throws: every failure is a state the block shows. */
export async function loadCustomerBlock(fetcher: typeof fetch, customerGid: string | undefined): Promise<LoadState> {
  if (!customerGid) return { phase: "failed", reason: "no-customer", httpStatus: null, detail: null };
  let response: Response;
  try {
    response = await fetcher(blockUrl(customerGid));
  } catch (error) {
    return { phase: "failed", reason: "network", httpStatus: null, detail: error instanceof Error ? error.message : String(error) };
  }
  const json = await jsonOf(response);
  if (!response.ok) return { phase: "failed", reason: "http", httpStatus: response.status, detail: errorMessage(json) };
  const answer = parseAnswer(json);
  return answer ? { phase: "loaded", answer } : { phase: "failed", reason: "bad-answer", httpStatus: response.status, detail: null };
}
