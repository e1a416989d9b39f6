/**
 * GraphQL config (graphql-config, read by graphql-codegen and editor tooling): result and variable types for the
 * app's Admin API operations (one per file, tagged `#graphql`, under app/**\/graphql/), from the 2026-10 schema
 * that the simulator executes against. `npm run graphql:codegen` writes app/types/admin.types.d.ts (the schema's
 * types) and app/types/admin.generated.d.ts (one `<Name>Query` / `<Name>Mutation` type per operation);
 * `npm run graphql:check` fails when they differ from what the operations would generate.
 *
 * Offline: the schema is the in-project introspection result simulator/schema/admin_2026-10.json.gz, unpacked
 * here into var/graphql/ (git-ignored). The preset's `shopifyApiProject` / `shopifyApiTypes` helpers would fetch
 * the schema from shopify.dev, so the low-level `preset` is used with that file instead.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { ApiType, pluckConfig, preset } from "@shopify/api-codegen-preset";
import type { IGraphQLConfig } from "graphql-config";

const root = import.meta.dirname;
const API_VERSION = "2026-10";
const packedSchema = resolve(root, `simulator/schema/admin_${API_VERSION}.json.gz`);
const schema = `var/graphql/admin_${API_VERSION}.json`;
const documents = ["app/**/graphql/*.ts"];
/** Where the types go; graphql:check points this at a scratch folder and compares. */
const outputDir = process.env.GRAPHQL_CODEGEN_OUTPUT_DIR ?? "app/types";

/** Unpacks the gzipped introspection JSON when the unpacked copy is missing or older. */
function unpackSchema(): void {
  const target = resolve(root, schema);
  if (existsSync(target) && statSync(target).mtimeMs >= statSync(packedSchema).mtimeMs) return;
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, gunzipSync(readFileSync(packedSchema)));
}
unpackSchema();

const typesConfig = {
  defaultScalarType: "string",
  enumsAsTypes: true,
  avoidOptionals: { field: true, object: false, inputValue: false, defaultValue: false },
};

const config: IGraphQLConfig = {
  schema,
  documents,
  projects: {
    default: {
      schema,
      documents,
      extensions: {
        codegen: {
          pluckConfig,
          // What shopifyApiTypes({ apiType: ApiType.Admin }) generates, without its introspection download, and:
          // enums as string unions (a .d.ts has no enum values at run time), a selected field always present
          // (GraphQL answers null, never leaves it out), no descriptions (they stay in the schema; 1.4 MB, not 4).
          generates: {
            [`${outputDir}/admin.types.d.ts`]: {
              plugins: ["typescript"],
              config: { ...typesConfig, scalars: { JSON: "unknown" }, disableDescriptions: true },
            },
            [`${outputDir}/admin.generated.d.ts`]: {
              preset,
              presetConfig: { apiType: ApiType.Admin },
              config: typesConfig,
            },
          },
        },
      },
    },
  },
};

export default config;
