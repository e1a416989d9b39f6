import { getOperationAST, getVariableValues, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import type { LeakyBucket, ThrottleStatus } from "../throttle/leaky-bucket.ts";
import type { ResolverContext } from "./context.ts";
import { actualQueryCost, MAX_QUERY_COST, requestedQueryCost } from "./cost.ts";
import { executeAdmin } from "./execute.ts";
import { executionError, parseError, validationError, variableError, type ShopifyError } from "./errors.ts";
import { oversizedInputErrors } from "./input-size.ts";
import { fragmentMap, type SelectionContext } from "./selection.ts";

/**
 * One Admin GraphQL request after authentication: parse, validate, coerce variables, price the query, charge the
 * bucket, execute, refund the unused points. Invalid documents and variables get HTTP 200 with `errors`, as on
 * Shopify; successful executions carry `extensions.cost`.
 */
export interface GraphQLResponse {
  status: number;
  body: unknown;
}

export interface GraphQLRequestContext {
  schema: GraphQLSchema;
  bucket: LeakyBucket;
  resolverContext: ResolverContext;
}

const RATE_LIMITS_DOCS = "https://shopify.dev/api/usage/rate-limits";

function errorsOnly(errors: ShopifyError[]): GraphQLResponse {
  return { status: 200, body: { errors } };
}

function costExtension(requested: number, actual: number | null, throttleStatus: ThrottleStatus) {
  return { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus } };
}

function readVariables(raw: unknown): Record<string, unknown> | null {
  if (raw === undefined || raw === null) return {};
  if (typeof raw === "string") {
    try {
      return readVariables(JSON.parse(raw) as unknown);
    } catch {
      return null;
    }
  }
  return typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
}

export async function handleGraphQL(body: Record<string, unknown> | null, ctx: GraphQLRequestContext): Promise<GraphQLResponse> {
  const query = body?.query;
  if (typeof query !== "string" || !query.trim()) {
    return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };
  }
  const inputs = readVariables(body?.variables);
  if (!inputs) return { status: 400, body: { errors: { variables: "Invalid variables: expected a JSON object" } } };
  const operationName = typeof body?.operationName === "string" && body.operationName ? body.operationName : undefined;

  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    if (error instanceof GraphQLError) return errorsOnly([parseError(error, query)]);
    throw error;
  }
  const validationErrors = validate(ctx.schema, document);
  if (validationErrors.length) return errorsOnly(validationErrors.map((e) => validationError(e, document)));

  const operation = getOperationAST(document, operationName);
  if (!operation) {
    const message = operationName ? `No operation named "${operationName}"` : "An operation name is required";
    return errorsOnly([{ message, extensions: { code: "OPERATION_NOT_FOUND" } }]);
  }
  if (operation.operation === "subscription") {
    return errorsOnly([{ message: "Subscriptions are not supported by the Admin API", extensions: { code: "OPERATION_NOT_SUPPORTED" } }]);
  }
  const coerced = getVariableValues(ctx.schema, operation.variableDefinitions ?? [], inputs);
  if (coerced.errors) return errorsOnly(coerced.errors.map((e) => variableError(e, operation, inputs)));
  const oversized = oversizedInputErrors(ctx.schema, document, operation, coerced.coerced);
  if (oversized.length) return errorsOnly(oversized);

  const selection: SelectionContext = { schema: ctx.schema, fragments: fragmentMap(document.definitions), variables: coerced.coerced };
  const requested = requestedQueryCost(selection, operation);
  if (requested > MAX_QUERY_COST) {
    return errorsOnly([
      {
        message:
          `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\n` +
          "See https://shopify.dev/docs/api/usage/rate-limits for more information on how the\n" +
          "cost of a query is calculated.\n\n" +
          "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
          "See https://shopify.dev/docs/api/usage/bulk-operations/queries for usage details.\n",
        extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_QUERY_COST, documentation: RATE_LIMITS_DOCS },
      },
    ]);
  }
  const record = (actual: number | null) =>
    ctx.resolverContext.shop.recordAdminCall({
      operationName: operation.name?.value ?? null,
      kind: operation.operation === "mutation" ? "mutation" : "query",
      requestedCost: requested,
      actualCost: actual,
      throttled: actual === null,
    });
  if (!ctx.bucket.tryTake(requested)) {
    record(null);
    return {
      status: 200,
      body: {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: RATE_LIMITS_DOCS } }],
        extensions: costExtension(requested, null, ctx.bucket.status()),
      },
    };
  }

  const result = await executeAdmin(ctx.schema, document, operationName, inputs, ctx.resolverContext);
  const actual = Math.min(requested, actualQueryCost(selection, operation, result.data));
  ctx.bucket.giveBack(requested - actual);
  record(actual);
  const extensions: Record<string, unknown> = costExtension(requested, actual, ctx.bucket.status());
  if (ctx.resolverContext.searchWarnings.length) extensions.search = ctx.resolverContext.searchWarnings;
  return {
    status: 200,
    body: {
      ...(result.errors?.length ? { errors: result.errors.map(executionError) } : {}),
      data: result.data ?? null,
      extensions,
    },
  };
}
