import { startOfDayInTimeZone } from "../clock.ts";

/**
 * The `query:` argument of connections, in Shopify's search syntax: `field:value` terms with the comparators
 * `:` `:>` `:>=` `:<` `:<=`, joined by whitespace or `AND`, `OR`, negated by `NOT` or `-`, grouped with
 * parentheses, values quoted with '' or "" and prefix-matched with a trailing `*`. Dates without a time are days
 * in the shop's time zone. Unknown fields are ignored and reported as warnings, as Shopify does. A term without a
 * field searches the `default` field when the connection has one (Shopify's "case-insensitive search of multiple
 * fields"), and is ignored with a warning otherwise.
 */

export type SearchField<T> =
  | { type: "date"; get: (item: T) => Date | null }
  | { type: "boolean"; get: (item: T) => boolean }
  | { type: "number"; get: (item: T) => number | null }
  | { type: "string"; get: (item: T) => string | readonly string[] | null }
  /** Tokenized text: matches when the term's words, in order, begin consecutive words of one of the texts. */
  | { type: "text"; get: (item: T) => readonly string[] };

export type Comparator = "=" | ">" | ">=" | "<" | "<=";

type Node =
  | { kind: "and"; items: Node[] }
  | { kind: "or"; items: Node[] }
  | { kind: "not"; item: Node }
  | { kind: "term"; field: string | null; comparator: Comparator; value: string };

export interface SearchWarning {
  field: string;
  message: string;
}

export interface CompiledSearch<T> {
  matches: (item: T) => boolean;
  warnings: SearchWarning[];
}

/** `phrase`: the word is one quoted value (`"Ada Lovelace"`), never a `field:value` term. */
type Token = { kind: "lparen" } | { kind: "rparen" } | { kind: "word"; text: string; quoted: boolean; phrase: boolean };

/** The quoted value starting at `open` (a quote character), with `\"`-style escapes undone, and the index after it. */
function quotedValue(query: string, open: number): { value: string; next: number } {
  const quote = query[open];
  let value = "";
  let i = open + 1;
  while (i < query.length && query[i] !== quote) {
    if (query[i] === "\\" && i + 1 < query.length) i++;
    value += query[i];
    i++;
  }
  return { value, next: i + 1 };
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(") {
      tokens.push({ kind: "lparen" });
      i++;
    } else if (c === ")") {
      tokens.push({ kind: "rparen" });
      i++;
    } else {
      let text = "";
      let quoted = false;
      let phrase = false;
      while (i < query.length && !/[\s()]/.test(query[i] as string)) {
        const ch = query[i] as string;
        if (ch === '"' || ch === "'") {
          const { value, next } = quotedValue(query, i);
          phrase = text === "" && (next >= query.length || /[\s()]/.test(query[next] as string));
          text += value;
          quoted = true;
          i = next;
        } else {
          text += ch;
          i++;
        }
      }
      tokens.push({ kind: "word", text, quoted, phrase });
    }
  }
  return tokens;
}

function parseTerm(text: string): Node {
  const colon = text.indexOf(":");
  if (colon <= 0) return { kind: "term", field: null, comparator: "=", value: text };
  const field = text.slice(0, colon).toLowerCase();
  let rest = text.slice(colon + 1);
  let comparator: Comparator = "=";
  for (const op of [">=", "<=", ">", "<"] as const) {
    if (rest.startsWith(op)) {
      comparator = op;
      rest = rest.slice(op.length);
      break;
    }
  }
  return { kind: "term", field, comparator, value: rest };
}

function parse(query: string): Node {
  const tokens = tokenize(query);
  let pos = 0;
  const peekWord = () => {
    const t = tokens[pos];
    return t && t.kind === "word" && !t.quoted ? t.text : null;
  };
  const parseOr = (): Node => {
    const items = [parseAnd()];
    while (peekWord() === "OR") {
      pos++;
      items.push(parseAnd());
    }
    return items.length === 1 ? (items[0] as Node) : { kind: "or", items };
  };
  const parseAnd = (): Node => {
    const items: Node[] = [];
    for (;;) {
      const t = tokens[pos];
      if (!t || t.kind === "rparen" || peekWord() === "OR") break;
      if (peekWord() === "AND") {
        pos++;
        continue;
      }
      items.push(parseUnary());
    }
    return items.length === 1 ? (items[0] as Node) : { kind: "and", items };
  };
  const parseUnary = (): Node => {
    const t = tokens[pos];
    if (!t) return { kind: "and", items: [] };
    if (t.kind === "lparen") {
      pos++;
      const inner = parseOr();
      if (tokens[pos]?.kind === "rparen") pos++;
      return inner;
    }
    if (t.kind === "rparen") {
      pos++;
      return { kind: "and", items: [] };
    }
    pos++;
    if (!t.quoted && t.text === "NOT") return { kind: "not", item: parseUnary() };
    if (!t.quoted && t.text.startsWith("-") && t.text.length > 1) return { kind: "not", item: parseTerm(t.text.slice(1)) };
    if (t.phrase) return { kind: "term", field: null, comparator: "=", value: t.text };
    return parseTerm(t.text);
  };
  const node = parseOr();
  return node;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Whether the words of `phrase` begin consecutive words of `text`: "ada love" is in "Ada Lovelace", "ada.l@x.com". */
export function textContainsPhrase(text: string, phrase: string): boolean {
  const wanted = words(phrase);
  const have = words(text);
  if (wanted.length === 0) return true;
  for (let start = 0; start + wanted.length <= have.length; start++) {
    if (wanted.every((word, offset) => (have[start + offset] as string).startsWith(word))) return true;
  }
  return false;
}

function dateRange(value: string, timeZone: string): { start: number; end: number } | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = startOfDayInTimeZone(value, timeZone).getTime();
    const next = new Date(Date.UTC(Number(value.slice(0, 4)), Number(value.slice(5, 7)) - 1, Number(value.slice(8, 10))) + DAY_MS).toISOString().slice(0, 10);
    return { start, end: startOfDayInTimeZone(next, timeZone).getTime() };
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const instant = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}Z`);
    if (Number.isNaN(instant)) return null;
    return { start: instant, end: instant + 1 };
  }
  return null;
}

function compareRange(actual: number, range: { start: number; end: number }, comparator: Comparator): boolean {
  switch (comparator) {
    case "=":
      return actual >= range.start && actual < range.end;
    case ">":
      return actual >= range.end;
    case ">=":
      return actual >= range.start;
    case "<":
      return actual < range.start;
    case "<=":
      return actual < range.end;
  }
}

function compareOrdered<V extends number | string>(actual: V, wanted: V, comparator: Comparator): boolean {
  switch (comparator) {
    case "=":
      return actual === wanted;
    case ">":
      return actual > wanted;
    case ">=":
      return actual >= wanted;
    case "<":
      return actual < wanted;
    case "<=":
      return actual <= wanted;
  }
}

export function compileSearch<T>(query: string | null | undefined, fields: Readonly<Record<string, SearchField<T>>>, timeZone: string): CompiledSearch<T> {
  const warnings: SearchWarning[] = [];
  if (!query || !query.trim()) return { matches: () => true, warnings };
  const ignored = (field: string, message: string) => {
    warnings.push({ field, message });
    return () => true;
  };

  const compile = (node: Node): ((item: T) => boolean) => {
    if (node.kind === "and") {
      const parts = node.items.map(compile);
      return (item) => parts.every((p) => p(item));
    }
    if (node.kind === "or") {
      const parts = node.items.map(compile);
      return (item) => parts.some((p) => p(item));
    }
    if (node.kind === "not") {
      const inner = compile(node.item);
      return (item) => !inner(item);
    }
    if (node.field === null && !fields.default) return ignored("default", `Free-text search ("${node.value}") is not supported by the store simulator.`);
    const field = node.field ?? "default";
    const spec = fields[field];
    if (!spec) return ignored(field, "Invalid search field for this query.");
    const { comparator, value } = node;
    switch (spec.type) {
      case "date": {
        const range = dateRange(value, timeZone);
        if (!range) return ignored(field, `Invalid date value "${value}".`);
        return (item) => {
          const actual = spec.get(item);
          return actual !== null && compareRange(actual.getTime(), range, comparator);
        };
      }
      case "boolean": {
        const wanted = value.toLowerCase();
        if (wanted !== "true" && wanted !== "false") return ignored(field, `Invalid boolean value "${value}".`);
        return (item) => spec.get(item) === (wanted === "true");
      }
      case "number": {
        const wanted = Number(value);
        if (!Number.isFinite(wanted)) return ignored(field, `Invalid number value "${value}".`);
        return (item) => {
          const actual = spec.get(item);
          return actual !== null && compareOrdered(actual, wanted, comparator);
        };
      }
      case "string": {
        const prefix = value.endsWith("*");
        const wanted = (prefix ? value.slice(0, -1) : value).toLowerCase();
        const test = (candidate: string) => {
          const c = candidate.toLowerCase();
          if (comparator !== "=") return compareOrdered(c, wanted, comparator);
          return prefix ? c.startsWith(wanted) : c === wanted;
        };
        return (item) => {
          const actual = spec.get(item);
          if (actual === null) return false;
          return typeof actual === "string" ? test(actual) : actual.some(test);
        };
      }
      case "text": {
        if (comparator !== "=") return ignored(field, `Comparator "${comparator}" is not valid for a text field.`);
        const phrase = value.endsWith("*") ? value.slice(0, -1) : value;
        return (item) => spec.get(item).some((text) => textContainsPhrase(text, phrase));
      }
    }
  };

  return { matches: compile(parse(query)), warnings };
}
