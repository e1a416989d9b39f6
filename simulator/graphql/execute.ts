import { execute, type DocumentNode, type ExecutionResult, type GraphQLFieldResolver, type GraphQLSchema, type GraphQLTypeResolver } from "graphql";
import { parseGid } from "../ids.ts";
import type { ResolverContext } from "./context.ts";
import { notImplemented } from "./errors.ts";
import { RESOLVERS } from "./resolvers/index.ts";

/**
 * Field resolution: a type listed in RESOLVERS resolves only the fields listed for it; any other field on it is
 * reported as not implemented. Plain value objects (money, page info, user errors, ...) resolve from their own
 * properties, and a property they lack is likewise reported instead of read as null.
 */
const fieldResolver: GraphQLFieldResolver<unknown, ResolverContext> = (source, args, ctx, info) => {
  const typeResolvers = RESOLVERS[info.parentType.name];
  const resolve = typeResolvers?.[info.fieldName];
  if (resolve) return resolve(source, args, ctx, info);
  if (!typeResolvers && source !== null && typeof source === "object" && info.fieldName in source) {
    return (source as Record<string, unknown>)[info.fieldName];
  }
  throw notImplemented(info.parentType.name, info.fieldName);
};

/** Abstract types: `__typename` on value objects, else the type named in the record's GID. */
const typeResolver: GraphQLTypeResolver<unknown, ResolverContext> = (value) => {
  if (value && typeof value === "object") {
    const record = value as { __typename?: unknown; gid?: unknown; id?: unknown };
    if (typeof record.__typename === "string") return record.__typename;
    const parsed = parseGid(record.gid ?? record.id);
    if (parsed) return parsed.type;
  }
  return undefined;
};

export async function executeAdmin(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variableValues: Record<string, unknown>,
  contextValue: ResolverContext,
): Promise<ExecutionResult> {
  return execute({ schema, document, operationName, variableValues, contextValue, fieldResolver, typeResolver, rootValue: {} });
}
