/**
 * A small TOML reader for `shopify.app.toml`: comments, `[table]`, `[[array.of.tables]]`, dotted keys,
 * basic and literal strings (also multi-line), integers, floats, booleans, arrays (also multi-line) and
 * inline tables. Dates are returned as strings.
 */
export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

export class TomlError extends Error {
  constructor(message: string, line: number) {
    super(`TOML line ${line}: ${message}`);
  }
}

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}

  get line(): number {
    return this.text.slice(0, this.pos).split("\n").length;
  }
  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? "";
  }
  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }
  eof(): boolean {
    return this.pos >= this.text.length;
  }
  fail(message: string): never {
    throw new TomlError(message, this.line);
  }
  /** Skips spaces and tabs (and newlines and comments when `multiline`). */
  skip(multiline = false): void {
    while (!this.eof()) {
      const c = this.peek();
      if (c === " " || c === "\t" || c === "\r") this.pos++;
      else if (multiline && c === "\n") this.pos++;
      else if (c === "#" && multiline) {
        while (!this.eof() && this.peek() !== "\n") this.pos++;
      } else break;
    }
  }
  endOfLine(): void {
    this.skip();
    if (this.peek() === "#") while (!this.eof() && this.peek() !== "\n") this.pos++;
    if (this.eof()) return;
    if (this.peek() !== "\n") this.fail(`unexpected "${this.peek()}"`);
    this.pos++;
  }
  take(s: string): void {
    if (!this.startsWith(s)) this.fail(`expected "${s}"`);
    this.pos += s.length;
  }
  readWhile(test: (c: string) => boolean): string {
    const start = this.pos;
    while (!this.eof() && test(this.peek())) this.pos++;
    return this.text.slice(start, this.pos);
  }
}

const ESCAPES: Record<string, string> = { b: "\b", t: "\t", n: "\n", f: "\f", r: "\r", '"': '"', "\\": "\\" };

function readBasicString(c: Cursor): string {
  const multiline = c.startsWith('"""');
  c.take(multiline ? '"""' : '"');
  if (multiline && c.peek() === "\n") c.pos++;
  let out = "";
  for (;;) {
    if (c.eof()) c.fail("unterminated string");
    if (multiline ? c.startsWith('"""') : c.peek() === '"') {
      c.pos += multiline ? 3 : 1;
      return out;
    }
    const ch = c.peek();
    if (ch === "\n" && !multiline) c.fail("newline in string");
    if (ch === "\\") {
      const next = c.peek(1);
      if (next === "u" || next === "U") {
        const len = next === "u" ? 4 : 8;
        const digits = c.text.slice(c.pos + 2, c.pos + 2 + len);
        if (!/^[0-9A-Fa-f]+$/.test(digits) || digits.length !== len) c.fail(`invalid escape \\${next}${digits}`);
        out += String.fromCodePoint(Number.parseInt(digits, 16));
        c.pos += 2 + len;
      } else if (multiline && (next === "\n" || next === " " || next === "\r")) {
        c.pos++;
        c.skip(true);
      } else {
        const escaped = ESCAPES[next];
        if (escaped === undefined) c.fail(`invalid escape \\${next}`);
        out += escaped;
        c.pos += 2;
      }
    } else {
      out += ch;
      c.pos++;
    }
  }
}

function readLiteralString(c: Cursor): string {
  const multiline = c.startsWith("'''");
  c.take(multiline ? "'''" : "'");
  if (multiline && c.peek() === "\n") c.pos++;
  let out = "";
  for (;;) {
    if (c.eof()) c.fail("unterminated string");
    if (multiline ? c.startsWith("'''") : c.peek() === "'") {
      c.pos += multiline ? 3 : 1;
      return out;
    }
    if (c.peek() === "\n" && !multiline) c.fail("newline in string");
    out += c.peek();
    c.pos++;
  }
}

function readKeyPart(c: Cursor): string {
  c.skip();
  if (c.peek() === '"') return readBasicString(c);
  if (c.peek() === "'") return readLiteralString(c);
  const key = c.readWhile((ch) => /[A-Za-z0-9_-]/.test(ch));
  if (!key) c.fail("expected a key");
  return key;
}

function readKey(c: Cursor): string[] {
  const parts = [readKeyPart(c)];
  c.skip();
  while (c.peek() === ".") {
    c.pos++;
    parts.push(readKeyPart(c));
    c.skip();
  }
  return parts;
}

function readValue(c: Cursor): TomlValue {
  c.skip();
  const ch = c.peek();
  if (ch === '"') return readBasicString(c);
  if (ch === "'") return readLiteralString(c);
  if (ch === "[") {
    c.pos++;
    const items: TomlValue[] = [];
    for (;;) {
      c.skip(true);
      if (c.peek() === "]") {
        c.pos++;
        return items;
      }
      items.push(readValue(c));
      c.skip(true);
      if (c.peek() === ",") c.pos++;
      else if (c.peek() !== "]") c.fail('expected "," or "]" in array');
    }
  }
  if (ch === "{") {
    c.pos++;
    const table: TomlTable = {};
    c.skip();
    if (c.peek() === "}") {
      c.pos++;
      return table;
    }
    for (;;) {
      const key = readKey(c);
      c.take("=");
      assign(table, key, readValue(c), c);
      c.skip();
      if (c.peek() === ",") c.pos++;
      else if (c.peek() === "}") {
        c.pos++;
        return table;
      } else c.fail('expected "," or "}" in inline table');
    }
  }
  const word = c.readWhile((x) => /[A-Za-z0-9_.:+\-]/.test(x));
  if (word === "true") return true;
  if (word === "false") return false;
  if (/^[+-]?\d[\d_]*$/.test(word)) return Number(word.replaceAll("_", ""));
  if (/^[+-]?\d[\d_]*(\.\d[\d_]*)?([eE][+-]?\d+)?$/.test(word)) return Number(word.replaceAll("_", ""));
  if (/^\d{4}-\d{2}-\d{2}/.test(word)) return word;
  return c.fail(`unsupported value "${word || ch}"`);
}

function isTable(value: TomlValue | undefined): value is TomlTable {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function descend(root: TomlTable, path: string[], c: Cursor): TomlTable {
  let table = root;
  for (const part of path) {
    const existing = table[part];
    if (existing === undefined) {
      const created: TomlTable = {};
      table[part] = created;
      table = created;
    } else if (isTable(existing)) {
      table = existing;
    } else if (Array.isArray(existing) && isTable(existing[existing.length - 1])) {
      table = existing[existing.length - 1] as TomlTable;
    } else {
      c.fail(`key "${part}" is not a table`);
    }
  }
  return table;
}

function assign(table: TomlTable, key: string[], value: TomlValue, c: Cursor): void {
  const last = key[key.length - 1];
  if (last === undefined) c.fail("empty key");
  const target = descend(table, key.slice(0, -1), c);
  if (last in target) c.fail(`duplicate key "${key.join(".")}"`);
  target[last] = value;
}

export function parseToml(text: string): TomlTable {
  const root: TomlTable = {};
  const c: Cursor = new Cursor(text);
  let current = root;
  for (;;) {
    c.skip(true);
    if (c.eof()) return root;
    if (c.startsWith("[[")) {
      c.pos += 2;
      const path = readKey(c);
      c.take("]]");
      const parent = descend(root, path.slice(0, -1), c);
      const name = path[path.length - 1] as string;
      const list = parent[name] ?? [];
      if (!Array.isArray(list)) c.fail(`"${path.join(".")}" is not an array of tables`);
      const table: TomlTable = {};
      list.push(table);
      parent[name] = list;
      current = table;
    } else if (c.peek() === "[") {
      c.pos++;
      const path = readKey(c);
      c.take("]");
      current = descend(root, path, c);
    } else {
      const key = readKey(c);
      c.take("=");
      assign(current, key, readValue(c), c);
    }
    c.endOfLine();
  }
}
