import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Prisma } from "@generated/prisma-sqlite";
import { db } from "../../app/db.server.ts";

/**
 * The Prisma data model as the generated client knows it (prisma/sqlite/schema.prisma; the PostgreSQL schema is
 * generated from it), so that what the tests do to "every table" follows the schema without a list to keep.
 * At run time the client's datamodel gives each field's name, kind and type only.
 */
export type Model = (typeof Prisma.dmmf.datamodel.models)[number];

export const MODELS: readonly Model[] = Prisma.dmmf.datamodel.models;

interface FieldFacts {
  readonly optional: boolean;
  readonly hasDefault: boolean;
  readonly updatedAt: boolean;
}

/** What the client's datamodel leaves out (optional, @default, @updatedAt), read from the schema itself. */
function schemaFieldFacts(schema: string): Map<string, Map<string, FieldFacts>> {
  const models = new Map<string, Map<string, FieldFacts>>();
  for (const [, name, body] of schema.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const fields = new Map<string, FieldFacts>();
    for (const raw of (body ?? "").split("\n")) {
      const line = raw.replace(/\/\/.*$/, "").trim();
      const field = /^(\w+)\s+\w+(\[\])?(\?)?(.*)$/.exec(line);
      if (!field || line.startsWith("@@")) continue;
      const rest = field[4] ?? "";
      fields.set(field[1]!, { optional: field[3] === "?" || field[2] === "[]", hasDefault: rest.includes("@default("), updatedAt: rest.includes("@updatedAt") });
    }
    models.set(name!, fields);
  }
  return models;
}

const FACTS = schemaFieldFacts(readFileSync(resolve(import.meta.dirname, "../../prisma/sqlite/schema.prisma"), "utf8"));
const inSchema = [...FACTS.keys()].sort().join(", ");
const inClient = MODELS.map((model) => model.name)
  .sort()
  .join(", ");
if (inSchema !== inClient) {
  throw new Error(`The generated Prisma client is not that of prisma/sqlite/schema.prisma (${inClient} / ${inSchema}): run npm run db:generate`);
}

export function hasField(model: Model, name: string): boolean {
  return model.fields.some((f) => f.name === name);
}

type Where = Record<string, unknown>;

/** The part of a model's delegate (`db.webhookEvent` for WebhookEvent) that works the same on every model. */
export interface Delegate {
  count(args?: { where?: Where }): Promise<number>;
  create(args: { data: Record<string, unknown> }): Promise<unknown>;
  deleteMany(args?: { where?: Where }): Prisma.PrismaPromise<Prisma.BatchPayload>;
}

export function delegate(model: Model): Delegate {
  const found = (db as unknown as Record<string, Delegate | undefined>)[model.name.charAt(0).toLowerCase() + model.name.slice(1)];
  if (!found) throw new Error(`the Prisma client has no delegate for model ${model.name}`);
  return found;
}

let serial = 0;

/**
 * A row of the model with `values` and made-up values for every other required field (unique ones differ per
 * call), for tests that must put something in every table. Fields with a default or @updatedAt are left out.
 */
export function sampleRow(model: Model, values: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  serial += 1;
  for (const field of model.fields) {
    const facts = FACTS.get(model.name)?.get(field.name);
    if (!facts) throw new Error(`sampleRow: ${model.name}.${field.name} is not in prisma/sqlite/schema.prisma`);
    if (field.name in values || facts.optional || facts.hasDefault || facts.updatedAt) continue;
    if (field.kind !== "scalar") {
      throw new Error(`sampleRow: ${model.name}.${field.name} is a ${field.kind} field; teach tests/support/datamodel.ts to make one`);
    }
    row[field.name] = sampleValue(model, field.name, field.type);
  }
  return { ...row, ...values };
}

function sampleValue(model: Model, name: string, type: string): unknown {
  switch (type) {
    case "String":
      return `sample-${model.name}-${name}-${serial}`;
    case "Int":
      return serial;
    case "BigInt":
      return BigInt(serial);
    case "Float":
      return serial + 0.5;
    case "Boolean":
      return false;
    case "DateTime":
      return new Date();
    default:
      throw new Error(`sampleRow: ${model.name}.${name} is of type ${type}; teach tests/support/datamodel.ts to make one`);
  }
}
