import { readFileSync, readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, parse, validate, type GraphQLSchema } from "graphql";
import { describe, expect, test } from "vitest";

const root = resolve(import.meta.dirname, "..");
const schemaFile = resolve(root, "simulator/schema/admin_2026-10.json.gz");

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every `#graphql` template literal in app/, with the file it came from. */
function graphqlDocuments(): { file: string; document: string }[] {
  return filesUnder(resolve(root, "app")).flatMap((file) => {
    const text = readFileSync(file, "utf8");
    return [...text.matchAll(/`#graphql\n([\s\S]*?)`/g)].map((match) => ({
      file: relative(root, file),
      document: match[1] ?? "",
    }));
  });
}

const schema: GraphQLSchema = buildClientSchema(JSON.parse(gunzipSync(readFileSync(schemaFile)).toString()).data);
const documents = graphqlDocuments();

describe("GraphQL documents in app/ against the Admin API 2026-10 schema", () => {
  test("there are documents to check", () => {
    expect(documents.length).toBeGreaterThanOrEqual(5);
  });

  test.each(documents.map((d) => [d.file, d.document] as const))("%s is valid", (_file, document) => {
    expect(validate(schema, parse(document)).map((e) => e.message)).toEqual([]);
  });

  test("each file holds one named operation", () => {
    const perFile = new Map<string, number>();
    for (const d of documents) perFile.set(d.file, (perFile.get(d.file) ?? 0) + 1);
    expect([...perFile.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    for (const d of documents) expect(d.document).toMatch(/^\s*(query|mutation) \w+/);
  });

  test("an invalid document is caught", () => {
    expect(validate(schema, parse("query Bad { shop { noSuchField } }")).length).toBeGreaterThan(0);
  });
});
