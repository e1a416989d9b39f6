import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

/** The Admin API version the simulator serves (`/admin/api/2026-10/graphql.json`). */
export const ADMIN_API_VERSION = "2026-10";

const SCHEMA_FILE = new URL("../schema/admin_2026-10.json.gz", import.meta.url);

let cached: GraphQLSchema | null = null;

/** The real Admin GraphQL schema (introspection from `@shopify/dev-mcp@1.16.0`), built once per process. */
export function adminSchema(): GraphQLSchema {
  if (!cached) {
    const introspection = JSON.parse(gunzipSync(readFileSync(SCHEMA_FILE)).toString("utf8")) as { data: IntrospectionQuery };
    cached = buildClientSchema(introspection.data);
  }
  return cached;
}
