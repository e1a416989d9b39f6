/**
 * Hostile files for the `score` command (issue 10, item 4): the corpus in tests/fixtures/hostile/cli-files.json and
 * huge files made here in a temporary directory (a 50 MB line, a 50 MB id). Each refused file exits 1 with one short
 * line naming the file, the line and the problem, nothing a terminal would run as an escape sequence, and no scores;
 * the command never throws; and the process itself, run as `npm run cli` runs it, exits 1 with that line.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, test } from "vitest";
import { main } from "./main.ts";

interface Refused {
  name: string;
  format: string;
  text?: string;
  hex?: string;
  line: number;
  message: string;
}
interface Accepted {
  name: string;
  format: string;
  text: string;
  ids: string[];
}
const CORPUS = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../tests/fixtures/hostile/cli-files.json"), "utf8")) as {
  refused: Refused[];
  binary: Refused[];
  accepted: Accepted[];
};

const dir = mkdtempSync(join(tmpdir(), "cli-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const file = (content: string | Buffer) => {
  const path = join(dir, `input-${++files}`);
  writeFileSync(path, content);
  return path;
};

function run(path: string, format: string, ...extra: string[]) {
  let stdout = "";
  let stderr = "";
  const started = Date.now();
  const code = main(["score", "--input", path, "--format", format, "--model", "bgnbd", ...extra], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr, ms: Date.now() - started };
}

// What a terminal runs or reorders: C0/C1 controls (escape sequences), DEL, separators, bidirectional controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function expectRefused(result: ReturnType<typeof run>, path: string, line: number, message: string): void {
  expect(result.code, result.stderr.slice(0, 300)).toBe(1);
  expect(result.stdout).toBe("");
  expect(result.stderr.startsWith(`error: ${path}: line ${line}: `), result.stderr.slice(0, 300)).toBe(true);
  expect(result.stderr).toContain(message);
  expect(result.stderr.endsWith("\n") && result.stderr.indexOf("\n") === result.stderr.length - 1, "one line").toBe(true);
  expect(result.stderr.length, "a short message, whatever the file holds").toBeLessThan(400);
  expect(UNSAFE.test(result.stderr), "nothing unsafe for a terminal").toBe(false);
}

describe("a hostile file is refused with the line and the problem", () => {
  test.each([...CORPUS.refused, ...CORPUS.binary])("$name", (entry) => {
    const path = file(entry.hex === undefined ? (entry.text ?? "") : Buffer.from(entry.hex, "hex"));
    expectRefused(run(path, entry.format), path, entry.line, entry.message);
  });
});

describe("text that looks like a formula or SQL in an id column is an id", () => {
  test.each(CORPUS.accepted)("$name", (entry) => {
    const result = run(file(entry.text), entry.format, "--json");
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as { customers: { id: string }[] };
    expect(doc.customers.map((c) => c.id)).toEqual(entry.ids);
  });
});

describe("huge files are refused within seconds, quoting no more than a few dozen characters", () => {
  const MB50 = 50 * 2 ** 20;
  const HEADER = "customer_id,date,amount\n";
  test.each([
    { name: "a 50 MB amount (CDNOW)", format: "cdnow", content: () => `0001 19970101 1 ${"9".repeat(MB50)}\n`, line: 1, message: "characters) is not a number" },
    { name: "a 50 MB amount (CSV)", format: "csv", content: () => `${HEADER}c1,2026-01-05,${"9".repeat(MB50)}\n`, line: 2, message: "characters) is not a number" },
    {
      name: "a 50 MB customer id",
      format: "csv",
      content: () => `${HEADER}${"c".repeat(MB50)},2026-01-05,5\n`,
      line: 2,
      message: "customer_id is longer than 256 characters",
    },
    {
      name: "a 50 MB email",
      format: "shopify-orders-csv",
      content: () => `Name,Email,Financial Status,Currency,Total,Created at\n#1,${"a".repeat(MB50)}@x.com,paid,USD,5,2026-01-05 10:00:00 -0500\n`,
      line: 2,
      message: "Email is longer than 256 characters",
    },
    {
      name: "a 50 MB header",
      format: "csv",
      content: () => `${"h".repeat(MB50)},date,amount\nc1,2026-01-05,5\n`,
      line: 1,
      message: 'the header has no "customer_id" column (found: hhhhhhhhhh',
    },
    {
      name: "a 50 MB quoted date, with a line break",
      format: "csv",
      content: () => `${HEADER}c1,"2026-01-05\n${"x".repeat(MB50)}",5\n`,
      line: 2,
      message: "characters) is not an ISO date or datetime",
    },
  ])("$name", (entry) => {
    const path = file(entry.content());
    const result = run(path, entry.format);
    expectRefused(result, path, entry.line, entry.message);
    expect(result.ms, "within seconds").toBeLessThan(20_000);
  });
});

test("the command, run as a process, exits 1 with the message on a 50 MB line of binary-looking text", async () => {
  const path = file(`0001 19970101 1 ${"\u001b".repeat(50 * 2 ** 20)}\n`);
  const tsx = resolve(import.meta.dirname, "../../node_modules/.bin/tsx");
  const failed = await promisify(execFile)(tsx, [resolve(import.meta.dirname, "main.ts"), "score", "--input", path, "--format", "cdnow"], {
    maxBuffer: 2 ** 20,
  }).then(
    () => null,
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  expect(failed?.code).toBe(1);
  expect(failed?.stdout).toBe("");
  expect(failed?.stderr).toMatch(/^error: .+: line 1: amount "(\\u001b){59}… \(52,428,802 characters\) is not a number\n$/);
});
