import type { AdminClient } from "../shopify.server.ts";
import { throttleDelayMs, type QueryCost } from "./throttle.ts";

export interface UserError {
  field?: string[] | null;
  message: string;
  code?: string | null;
}

export class AdminGraphqlError extends Error {
  constructor(
    readonly operation: string,
    message: string,
    readonly code?: string,
  ) {
    super(`${operation}: ${message}`);
  }
}

interface FailedBody {
  errors?: { graphQLErrors?: { message: string; extensions?: { code?: string } }[] };
  extensions?: { cost?: QueryCost };
}

const MAX_THROTTLED_RETRIES = 8;

function operationName(document: string): string {
  return /(?:query|mutation)\s+(\w+)/.exec(document)?.[1] ?? "anonymous operation";
}

/**
 * Runs one Admin GraphQL operation through the shop's client and returns `data`. A THROTTLED
 * answer is retried after the wait the cost report asks for; other GraphQL errors throw an
 * AdminGraphqlError naming the operation.
 */
export async function adminGraphql<T>(
  admin: AdminClient,
  document: string,
  variables?: Record<string, unknown>,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<T> {
  const operation = operationName(document);
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await admin.graphql(document, variables ? { variables } : undefined);
      const body = (await response.json()) as { data?: T };
      if (body.data === undefined) throw new AdminGraphqlError(operation, "no data in the response");
      return body.data;
    } catch (error) {
      const body = (error as { body?: FailedBody }).body;
      const first = body?.errors?.graphQLErrors?.[0];
      if (first?.extensions?.code === "THROTTLED" && attempt < MAX_THROTTLED_RETRIES) {
        await sleep(throttleDelayMs(body?.extensions?.cost));
        continue;
      }
      if (first) throw new AdminGraphqlError(operation, first.message, first.extensions?.code);
      throw error;
    }
  }
}

/** Throws when a mutation answered with userErrors. */
export function assertNoUserErrors(operation: string, userErrors: readonly UserError[] | undefined): void {
  if (userErrors && userErrors.length > 0) {
    const details = userErrors.map((e) => `${(e.field ?? []).join(".") || "(input)"}: ${e.message}`).join("; ");
    throw new AdminGraphqlError(operation, details, userErrors[0]?.code ?? undefined);
  }
}
