import type { Order } from "../scoring/index.ts";
import { CsvSyntaxError, parseCsv, type CsvRecord } from "./csv.ts";

export type InputFormat = "cdnow" | "csv" | "shopify-orders-csv";
export const INPUT_FORMATS: readonly InputFormat[] = ["cdnow", "csv", "shopify-orders-csv"];

/** A problem with the input file, located by line. */
export class InputFileError extends Error {
  override readonly name = "InputFileError";
  readonly line: number;

  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

export interface ReadResult {
  readonly orders: Order[];
  /** `YYYY-MM-DD` of the latest order in the file. */
  readonly lastDate: string;
  /** Notes about rows that were skipped on purpose (e.g. orders without a customer). */
  readonly notes: string[];
}

export function readOrders(text: string, format: InputFormat): ReadResult {
  switch (format) {
    case "cdnow":
      return readCdnow(text);
    case "csv":
      return readSimpleCsv(text);
    case "shopify-orders-csv":
      return readShopifyOrders(text);
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function checkDate(iso: string, line: number, raw: string): string {
  const m = ISO_DATE.exec(iso);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || !Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== iso) {
    throw new InputFileError(line, `"${raw}" is not a valid date`);
  }
  return iso;
}

/** The longest customer id taken: ids and emails are far shorter; a longer one is a broken or hostile file. */
export const MAX_CUSTOMER_ID = 256;

function customerIdOf(id: string, line: number, column: string): string {
  if (id.length > MAX_CUSTOMER_ID) throw new InputFileError(line, `${column} is longer than ${MAX_CUSTOMER_ID} characters (${id.length.toLocaleString("en-US")})`);
  return id;
}

function parseAmount(raw: string, line: number, column: string): number {
  const cleaned = raw.trim();
  const value = cleaned === "" ? NaN : Number(cleaned);
  if (!Number.isFinite(value)) throw new InputFileError(line, `${column} "${raw}" is not a number`);
  if (value < 0) throw new InputFileError(line, `${column} ${cleaned} is negative`);
  return value;
}

/**
 * The orders of one file and their latest day. Every order of a day shares one `Date` (UTC midnight of that day):
 * the engine puts it on the same calendar day as the `YYYY-MM-DD` string, without parsing the string again on each
 * of its passes over the orders.
 */
class OrderList {
  readonly orders: Order[] = [];
  private last = "";
  private readonly days = new Map<string, Date>();

  /** `iso` is a `YYYY-MM-DD` already checked by checkDate. */
  push(order: Omit<Order, "placedAt">, iso: string): void {
    let day = this.days.get(iso);
    if (day === undefined) {
      day = new Date(`${iso}T00:00:00.000Z`);
      this.days.set(iso, day);
    }
    if (iso > this.last) this.last = iso;
    this.orders.push({ ...order, placedAt: day });
  }

  result(notes: string[]): ReadResult {
    if (this.orders.length === 0) throw new InputFileError(1, "the file has no orders");
    return { orders: this.orders, lastDate: this.last, notes };
  }
}

/** A line of the usual shape: four or five fields separated by spaces or tabs (anything else takes the general path). */
const PLAIN_CDNOW_LINE = /^[ \t]*(\S+)[ \t]+(\S+)[ \t]+(\S+)[ \t]+(\S+)(?:[ \t]+(\S+))?[ \t\r]*$/;
const HEADER_FIELD = /^[a-z_][\w ]*$/i;
const CDNOW_DATE = /^\d{8}$/;
const WHOLE_NUMBER = /^\d+$/;

/**
 * The CDNOW layout: whitespace-separated `customer-id [sample-id] YYYYMMDD quantity amount`, with or without a
 * header line. With five fields the customer is the sample id (the `ID` of the published summaries).
 */
export function readCdnow(text: string): ReadResult {
  const list = new OrderList();
  // each distinct YYYYMMDD is checked once; a CDNOW log has a few hundred days and tens of thousands of lines
  const dates = new Map<string, string>();
  let seenContent = false;
  let lineNo = 0;
  for (let start = 0; start <= text.length; ) {
    const newline = text.indexOf("\n", start);
    const stop = newline < 0 ? text.length : newline;
    const raw = text.slice(start, stop);
    start = stop + 1;
    lineNo++;
    const m = PLAIN_CDNOW_LINE.exec(raw);
    let fields: string[];
    if (m) fields = m[5] === undefined ? [m[1]!, m[2]!, m[3]!, m[4]!] : [m[1]!, m[2]!, m[3]!, m[4]!, m[5]];
    else {
      fields = raw
        .trim()
        .split(/\s+/)
        .filter((f) => f !== "");
      if (fields.length === 0) continue;
    }
    if (!seenContent) {
      seenContent = true;
      if (fields.every((f) => HEADER_FIELD.test(f))) continue;
    }
    if (fields.length !== 4 && fields.length !== 5) {
      throw new InputFileError(lineNo, `expected 4 or 5 fields (customer id, [sample id,] YYYYMMDD, quantity, amount), found ${fields.length}`);
    }
    const [customerId, date, quantity, amount] = fields.length === 5 ? fields.slice(1) : fields;
    let iso = dates.get(date!);
    if (iso === undefined) {
      if (!CDNOW_DATE.test(date!)) throw new InputFileError(lineNo, `"${date}" is not a YYYYMMDD date`);
      iso = checkDate(`${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)}`, lineNo, date!);
      dates.set(date!, iso);
    }
    if (!WHOLE_NUMBER.test(quantity!)) throw new InputFileError(lineNo, `quantity "${quantity}" is not a whole number`);
    list.push({ id: `line ${lineNo}`, customerId: customerIdOf(customerId!, lineNo, "the customer id"), total: parseAmount(amount!, lineNo, "amount") }, iso);
  }
  return list.result([]);
}

function parseRecords(text: string): CsvRecord[] {
  try {
    return parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new InputFileError(error.line, error.message.replace(/^line \d+: /, ""));
    throw error;
  }
}

function headerIndex(header: CsvRecord, required: readonly string[], optional: readonly string[] = []): Map<string, number> {
  const names = header.fields.map((f) => f.trim());
  const index = new Map<string, number>();
  for (const name of [...required, ...optional]) {
    const i = names.findIndex((n) => n.toLowerCase() === name.toLowerCase());
    if (i >= 0) index.set(name, i);
    else if (required.includes(name)) {
      throw new InputFileError(header.line, `the header has no "${name}" column (found: ${names.join(", ")})`);
    }
  }
  return index;
}

/** A generic export: a header with `customer_id,date,amount` (and optionally `order_id`), ISO dates or datetimes. */
export function readSimpleCsv(text: string): ReadResult {
  const records = parseRecords(text);
  const header = records[0];
  if (header === undefined) throw new InputFileError(1, "the file is empty");
  const col = headerIndex(header, ["customer_id", "date", "amount"], ["order_id"]);
  const list = new OrderList();
  for (const record of records.slice(1)) {
    const get = (name: string) => {
      const i = col.get(name);
      return i === undefined ? "" : (record.fields[i] ?? "").trim();
    };
    if (record.fields.length < header.fields.length) {
      throw new InputFileError(record.line, `expected ${header.fields.length} fields, found ${record.fields.length}`);
    }
    const customerId = get("customer_id");
    if (customerId === "") throw new InputFileError(record.line, "customer_id is empty");
    customerIdOf(customerId, record.line, "customer_id");
    const rawDate = get("date");
    if (!/^\d{4}-\d{2}-\d{2}([T ].*)?$/.test(rawDate)) {
      throw new InputFileError(record.line, `date "${rawDate}" is not an ISO date or datetime`);
    }
    const iso = checkDate(rawDate.slice(0, 10), record.line, rawDate);
    if (rawDate.length > 10 && !Number.isFinite(Date.parse(rawDate.replace(" ", "T")))) {
      throw new InputFileError(record.line, `date "${rawDate}" is not a valid datetime`);
    }
    list.push(
      {
        id: get("order_id") === "" ? `line ${record.line}` : `${get("order_id")} on line ${record.line}`,
        customerId,
        total: parseAmount(get("amount"), record.line, "amount"),
      },
      iso,
    );
  }
  return list.result([]);
}

const SHOPIFY_REQUIRED = ["Name", "Email", "Financial Status", "Currency", "Total", "Created at"] as const;
const SHOPIFY_OPTIONAL = ["Cancelled at", "Refunded Amount"] as const;

/**
 * The orders export of Shopify admin (Orders → Export, "CSV for Excel, Numbers, or other spreadsheet programs"):
 * one row per line item, the order-level columns filled on the order's first row only.
 *
 * - The customer is the order's `Email` (lower-cased); orders without one (guest or POS sales) are skipped and
 *   counted in the notes.
 * - `Financial Status` `refunded` or `voided`, or a non-empty `Cancelled at`, means the order is not a purchase.
 * - The order's value is `Total` less `Refunded Amount`.
 * - `Created at` (`2024-03-05 14:23:11 -0500`) is placed on the calendar day it shows, i.e. in the shop's zone.
 */
export function readShopifyOrders(text: string): ReadResult {
  const records = parseRecords(text);
  const header = records[0];
  if (header === undefined) throw new InputFileError(1, "the file is empty");
  const col = headerIndex(header, SHOPIFY_REQUIRED, SHOPIFY_OPTIONAL);
  const list = new OrderList();
  const seen = new Set<string>();
  let withoutEmail = 0;
  let notPurchases = 0;
  for (const record of records.slice(1)) {
    const get = (name: string) => {
      const i = col.get(name);
      return i === undefined ? "" : (record.fields[i] ?? "").trim();
    };
    const name = get("Name");
    if (name === "") throw new InputFileError(record.line, "Name (the order number) is empty");
    const status = get("Financial Status").toLowerCase();
    const total = get("Total");
    // line-item rows after the first repeat the Name and leave the order-level columns empty
    if (seen.has(name) && status === "" && total === "") continue;
    if (seen.has(name)) throw new InputFileError(record.line, `order ${name} appears twice with order-level values`);
    seen.add(name);
    if (status === "" || total === "") {
      throw new InputFileError(record.line, `order ${name}: the first row of an order must have Financial Status and Total`);
    }
    const createdAt = get("Created at");
    const m = /^(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}(:\d{2})?/.exec(createdAt);
    if (!m) throw new InputFileError(record.line, `Created at "${createdAt}" is not a date and time`);
    const iso = checkDate(m[1]!, record.line, createdAt);
    const amount = parseAmount(total, record.line, "Total");
    const refundedRaw = get("Refunded Amount");
    const refunded = refundedRaw === "" ? 0 : parseAmount(refundedRaw, record.line, "Refunded Amount");
    if (refunded > amount + 0.005) {
      throw new InputFileError(record.line, `order ${name}: Refunded Amount ${refundedRaw} exceeds Total ${total}`);
    }
    const email = get("Email").toLowerCase();
    customerIdOf(email, record.line, "Email");
    if (email === "") {
      withoutEmail++;
      continue;
    }
    const cancelled = get("Cancelled at") !== "" || status === "voided" || status === "refunded";
    if (cancelled) notPurchases++;
    list.push({ id: `${name} on line ${record.line}`, customerId: email, total: amount, refunded, currency: get("Currency"), cancelled }, iso);
  }
  const notes: string[] = [];
  if (withoutEmail > 0) notes.push(`${withoutEmail} order(s) without an email were skipped: they cannot be tied to a customer`);
  if (notPurchases > 0) notes.push(`${notPurchases} cancelled, voided or refunded order(s) are not counted as purchases`);
  return list.result(notes);
}
