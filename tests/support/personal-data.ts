import { databaseProvider } from "../../prisma/provider.ts";
import { db } from "../../app/db.server.ts";
import { env } from "../../app/env.server.ts";

/**
 * Finding a shopper's personal or payment data where the app must keep none (decision 0004): the values are taken
 * from the payloads themselves (every value Shopify's or the simulator's payloads carry under a personal key), and
 * looked for in every stored column of every table and in log lines.
 */

/** Keys whose value is personal or payment data wherever they appear (snake_case, as in webhook payloads). */
const PERSONAL_KEYS = new Set([
  "email",
  "contact_email",
  "customer_email",
  "email_address",
  "user_email",
  "phone",
  "phone_number",
  "sms_marketing_phone",
  "first_name",
  "last_name",
  "display_name",
  "shop_owner",
  "company",
  "address1",
  "address2",
  "city",
  "zip",
  "province",
  "country",
  "country_name",
  "latitude",
  "longitude",
  "browser_ip",
  "client_ip",
  "user_agent",
  "note",
  "staff_note",
  "note_attributes",
  "credit_card_name",
  "credit_card_number",
  "credit_card_bin",
  "credit_card_expiration_month",
  "credit_card_expiration_year",
  "credit_card_wallet",
  "tracking_number",
  "tracking_numbers",
  "tracking_url",
  "tracking_urls",
]);

/** Objects every value of which is personal or payment data (an address's `name` is a person's). */
const PERSONAL_OBJECTS = new Set([
  "billing_address",
  "shipping_address",
  "default_address",
  "addresses",
  "destination",
  "client_details",
  "payment_details",
  "receipt",
]);

/** Inside those objects, keys that hold ids and codes rather than the person's data (a customer id is kept as a GID). */
const NOT_PERSONAL_INSIDE = /(^|_)(id|ids|code|default)$/;

/**
 * Values that say nothing of a person and that the app keeps from other fields: short numbers (an expiry month or
 * year, the last four digits of a card), amounts ("75.00": a receipt repeats the refund's amount) and timestamps.
 */
const NOT_TOLD_APART = /^(\d{1,4}|-?\d+\.\d{2}|\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?)$/;

/** What a payload carries that must not be kept: the personal values, and the personal keys it uses. */
export interface PersonalData {
  readonly values: Set<string>;
  readonly keys: Set<string>;
}

export function emptyPersonalData(): PersonalData {
  return { values: new Set(), keys: new Set() };
}

/**
 * Adds to `into` the values a JSON payload holds under personal keys or inside personal objects, and those keys.
 * Values too short to be told apart from other text (a two-letter country code, an expiry month, "true"), amounts and
 * timestamps are left out; their keys are still looked for.
 */
export function collectPersonalData(json: unknown, into: PersonalData = emptyPersonalData()): PersonalData {
  const addValue = (value: unknown): void => {
    if (value === null || value === undefined || typeof value === "boolean") return;
    if (Array.isArray(value)) {
      for (const item of value) addValue(item);
      return;
    }
    if (typeof value === "object") {
      for (const [inner, each] of Object.entries(value)) {
        if (PERSONAL_KEYS.has(inner) && each !== null) into.keys.add(inner);
        if (!NOT_PERSONAL_INSIDE.test(inner)) addValue(each);
      }
      return;
    }
    const text = String(value).trim();
    // Four characters at least in ASCII ("Bob" could be part of anything); a name in another script ("김") is one.
    if (text.length >= (/^[\x20-\x7e]*$/.test(text) ? 4 : 1) && !NOT_TOLD_APART.test(text)) into.values.add(text);
  };
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    if (value === null || typeof value !== "object") return;
    for (const [key, each] of Object.entries(value)) {
      if (PERSONAL_KEYS.has(key) || PERSONAL_OBJECTS.has(key)) {
        if (each !== null && !(Array.isArray(each) && each.length === 0)) into.keys.add(key);
        addValue(each);
      } else walk(each);
    }
  };
  walk(json);
  return into;
}

export interface Leak {
  /** Where: "table.column" or "log". */
  readonly where: string;
  /** The personal value or key found. */
  readonly found: string;
  readonly excerpt: string;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The personal values and keys of `personal` found in `texts`. A value counts when it stands on its own (not inside a
 * longer word or number: "Bob" is not found in "Bobcat", an address id not in a longer id); a key when it is a JSON
 * key (`"email":`, or escaped inside a JSON string, `\"email\":`).
 */
export function findPersonalData(texts: Iterable<{ where: string; text: string }>, personal: PersonalData): Leak[] {
  const values = [...personal.values].sort((a, b) => b.length - a.length);
  const valuePattern = values.length ? new RegExp(`(?<![A-Za-z0-9])(?:${values.map(escapeRegExp).join("|")})(?![A-Za-z0-9])`, "g") : null;
  const keyPattern = personal.keys.size ? new RegExp(`\\\\?"(${[...personal.keys].map(escapeRegExp).join("|")})\\\\?"\\s*:`, "g") : null;
  const leaks: Leak[] = [];
  for (const { where, text } of texts) {
    for (const [pattern, group] of [
      [valuePattern, 0],
      [keyPattern, 1],
    ] as const) {
      if (!pattern) continue;
      for (const match of text.matchAll(pattern)) {
        const at = match.index ?? 0;
        leaks.push({ where, found: match[group] ?? match[0], excerpt: text.slice(Math.max(0, at - 60), at + match[0].length + 60) });
      }
    }
  }
  return leaks;
}

/**
 * Every value of every column of every table in the database, as text: the tables are read from the database's own
 * catalogue (the app's, Prisma's migrations table, and pg-boss's schema on PostgreSQL), so a new table or column is
 * read too.
 */
export async function storedTexts(): Promise<{ where: string; text: string }[]> {
  const texts: { where: string; text: string }[] = [];
  const add = (table: string, row: Record<string, unknown>) => {
    for (const [column, value] of Object.entries(row)) {
      if (value === null || value === undefined) continue;
      const text = value instanceof Uint8Array ? Buffer.from(value).toString("utf8") : value instanceof Date ? value.toISOString() : String(value);
      texts.push({ where: `${table}.${column}`, text });
    }
  };
  if (databaseProvider(env().DATABASE_URL) === "sqlite") {
    const tables = await db.$queryRawUnsafe<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'table'");
    for (const { name } of tables) {
      for (const row of await db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${name.replaceAll('"', '""')}"`)) add(name, row);
    }
    return texts;
  }
  const columns = await db.$queryRawUnsafe<{ table_schema: string; table_name: string; column_name: string }[]>(
    `SELECT c.table_schema::text, c.table_name::text, c.column_name::text FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
      ORDER BY c.table_schema, c.table_name, c.ordinal_position`,
  );
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const byTable = new Map<string, string[]>();
  for (const column of columns) {
    const table = `${quote(column.table_schema)}.${quote(column.table_name)}`;
    byTable.set(table, [...(byTable.get(table) ?? []), column.column_name]);
  }
  for (const [table, names] of byTable) {
    // Each column cast to text: JSON, arrays and numbers as PostgreSQL writes them, strings as stored.
    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT ${names.map((n) => `${quote(n)}::text AS ${quote(n)}`).join(", ")} FROM ${table}`);
    for (const row of rows) add(table.replaceAll('"', ""), row);
  }
  return texts;
}

/** A readable list of leaks for an assertion message (the first few of each place). */
export function describeLeaks(leaks: readonly Leak[]): string {
  const byPlace = new Map<string, Leak[]>();
  for (const leak of leaks) byPlace.set(`${leak.where}: ${leak.found}`, [...(byPlace.get(`${leak.where}: ${leak.found}`) ?? []), leak]);
  return [...byPlace]
    .slice(0, 30)
    .map(([place, found]) => `${place} (${found.length}×) …${found[0]?.excerpt}…`)
    .join("\n");
}
