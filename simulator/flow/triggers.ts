/**
 * Shopify Flow triggers the app declares (`type = "flow_trigger"` extensions beside its `shopify.app.toml`), and the
 * check `flowTriggerReceive` makes of a payload against them (shopify.dev "Flow trigger reference"):
 * - the handle must be one of the app's triggers;
 * - the payload is a JSON object of at most 50 KB;
 * - each reference field is present under its key (`customer_reference` → `customer_id`, the numeric id);
 * - each custom field is present under its `key`, with a value of its type, and nothing else is sent.
 * The messages are the simulator's own wording: Shopify documents the rules, not the exact texts.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, type TomlTable } from "smol-toml";

export interface FlowTriggerField {
  readonly type: string;
  /** The payload key: the reference's id key, or the custom field's `key`. */
  readonly key: string;
}

export interface FlowTriggerDefinition {
  readonly handle: string;
  readonly name: string;
  readonly fields: readonly FlowTriggerField[];
}

/** The largest payload Flow accepts, in bytes of its JSON. */
export const FLOW_PAYLOAD_LIMIT_BYTES = 50_000;

const REFERENCE_KEYS: Readonly<Record<string, string>> = {
  customer_reference: "customer_id",
  order_reference: "order_id",
  product_reference: "product_id",
};

const CUSTOM_TYPES: Readonly<Record<string, (value: unknown) => boolean>> = {
  single_line_text_field: (value) => typeof value === "string" && !value.includes("\n"),
  multi_line_text_field: (value) => typeof value === "string",
  number_decimal: (value) => typeof value === "number" && Number.isFinite(value),
  number_integer: (value) => typeof value === "number" && Number.isInteger(value),
  boolean: (value) => typeof value === "boolean",
  email: (value) => typeof value === "string" && value.includes("@"),
  url: (value) => typeof value === "string" && /^https?:\/\//.test(value),
};

/** Reads every `flow_trigger` extension under `extensionsDir` (each folder's shopify.extension.toml). */
export function flowTriggersIn(extensionsDir: string): FlowTriggerDefinition[] {
  if (!existsSync(extensionsDir)) return [];
  const triggers: FlowTriggerDefinition[] = [];
  for (const entry of readdirSync(extensionsDir, { withFileTypes: true })) {
    const file = join(extensionsDir, entry.name, "shopify.extension.toml");
    if (entry.isDirectory() && existsSync(file)) triggers.push(...flowTriggersFromToml(readFileSync(file, "utf8")));
  }
  return triggers;
}

export function flowTriggersFromToml(tomlText: string): FlowTriggerDefinition[] {
  const document = parse(tomlText);
  const extensions = (Array.isArray(document.extensions) ? document.extensions : []) as TomlTable[];
  const settings = (document.settings ?? {}) as TomlTable;
  const fields = ((Array.isArray(settings.fields) ? settings.fields : []) as TomlTable[]).map((field) => {
    const type = String(field.type);
    const key = REFERENCE_KEYS[type] ?? (typeof field.key === "string" ? field.key : "");
    if (!key) throw new Error(`A Flow trigger field of type ${type} needs a key`);
    if (!REFERENCE_KEYS[type] && !CUSTOM_TYPES[type]) throw new Error(`Flow trigger field "${key}": the simulator does not know the type ${type}`);
    if (!REFERENCE_KEYS[type] && !/^[A-Za-z ]+$/.test(key)) throw new Error(`Flow trigger field key "${key}": only letters and spaces`);
    return { type, key };
  });
  return extensions
    .filter((extension) => extension.type === "flow_trigger")
    .map((extension) => {
      const handle = String(extension.handle ?? "");
      if (!/^[a-z0-9-]{1,30}$/.test(handle)) throw new Error(`Flow trigger handle "${handle}": up to 30 lower-case letters, digits and hyphens`);
      return { handle, name: String(extension.name ?? handle), fields };
    });
}

export type FlowPayloadCheck = { readonly ok: true } | { readonly ok: false; readonly field: string[]; readonly message: string };

/** Whether `payload` is one Flow takes for the trigger `handle`; `customerExists` answers for customer references. */
export function checkFlowPayload(
  triggers: ReadonlyMap<string, FlowTriggerDefinition>,
  handle: string | null,
  payload: unknown,
  customerExists: (legacyId: number) => boolean,
): FlowPayloadCheck {
  const trigger = handle === null ? undefined : triggers.get(handle);
  if (!trigger) return { ok: false, field: ["handle"], message: `No Flow trigger of this app has the handle '${handle ?? ""}'` };
  if (typeof payload !== "object" || payload === null || Array.isArray(payload))
    return { ok: false, field: ["payload"], message: "The payload must be a JSON object" };
  const size = Buffer.byteLength(JSON.stringify(payload));
  if (size > FLOW_PAYLOAD_LIMIT_BYTES) return { ok: false, field: ["payload"], message: `The payload is ${size} bytes; the limit is ${FLOW_PAYLOAD_LIMIT_BYTES}` };
  const values = payload as Record<string, unknown>;
  for (const { type, key } of trigger.fields) {
    const value = values[key];
    if (value === undefined || value === null) return { ok: false, field: ["payload", key], message: `'${key}' is required` };
    if (REFERENCE_KEYS[type]) {
      const id = typeof value === "string" ? Number(value) : value;
      if (typeof id !== "number" || !Number.isInteger(id) || id <= 0) return { ok: false, field: ["payload", key], message: `'${key}' must be a numeric id` };
      if (type === "customer_reference" && !customerExists(id)) return { ok: false, field: ["payload", key], message: `No customer has the id ${id}` };
    } else if (!CUSTOM_TYPES[type]!(value)) {
      return { ok: false, field: ["payload", key], message: `'${key}' must be a ${type}` };
    }
  }
  const declared = new Set(trigger.fields.map((field) => field.key));
  const extra = Object.keys(values).find((key) => !declared.has(key));
  if (extra !== undefined) return { ok: false, field: ["payload", extra], message: `'${extra}' is not a field of the trigger` };
  return { ok: true };
}
