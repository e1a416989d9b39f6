import { format } from "node:util";
import { afterAll, afterEach, beforeEach } from "vitest";

/**
 * console.error, console.warn and process warnings (the process 'warning' event: deprecations, listener leaks,
 * experimental features) fail the test during which they came, unless the test said it expects them with
 * expectConsoleError, expectConsoleWarn or expectProcessWarning. Output outside any test (module loading,
 * beforeAll, afterAll) fails the file. The app logs through its logger, which writes to stdout and stderr
 * itself; this catches libraries and leftovers. Imported by both setup files (unit and database tests).
 */
export type Channel = "console.error" | "console.warn" | "process warning";

interface Output {
  readonly channel: Channel;
  readonly text: string;
}

interface Expectation {
  readonly channel: Channel;
  /** Undefined: any output. */
  readonly matcher: string | RegExp | undefined;
  seen: number;
}

let outputs: Output[] = [];
let outside: Output[] = [];
let expectations: Expectation[] = [];

const matches = (matcher: string | RegExp | undefined, text: string) =>
  matcher === undefined || (typeof matcher === "string" ? text.includes(matcher) : matcher.test(text));

/** Records an output; one a test expects is counted and not printed, any other is printed as usual. */
function record(channel: Channel, text: string): boolean {
  const expected = expectations.find((e) => e.channel === channel && matches(e.matcher, text));
  if (expected) {
    expected.seen += 1;
    return false;
  }
  outputs.push({ channel, text });
  return true;
}

const original = { error: console.error, warn: console.warn };
console.error = (...args: unknown[]) => {
  if (record("console.error", format(...args))) original.error.apply(console, args);
};
console.warn = (...args: unknown[]) => {
  if (record("console.warn", format(...args))) original.warn.apply(console, args);
};
// Node prints the warning itself as well.
const onWarning = (warning: Error) => void record("process warning", `${warning.name}: ${warning.message}`);
process.on("warning", onWarning);

function expectOutput(channel: Channel, matcher: string | RegExp | undefined): void {
  expectations.push({ channel, matcher, seen: 0 });
}

/**
 * The running test writes console.error output containing `matcher` (a substring or a RegExp; any output when
 * omitted): it is not printed and does not fail the test, and the test fails if none comes.
 */
export function expectConsoleError(matcher?: string | RegExp): void {
  expectOutput("console.error", matcher);
}

/** As expectConsoleError, for console.warn. */
export function expectConsoleWarn(matcher?: string | RegExp): void {
  expectOutput("console.warn", matcher);
}

/** As expectConsoleError, for a process warning, matched against "<name>: <message>". */
export function expectProcessWarning(matcher?: string | RegExp): void {
  expectOutput("process warning", matcher);
}

const describe = (list: readonly Output[]) => list.map((o) => `  ${o.channel}: ${o.text.split("\n")[0]}`).join("\n");

/**
 * What went wrong in the test that just ended, as a message, or null; forgets its outputs and expectations.
 * Called after each test (exported for the tests of this module).
 */
export function takeReport(): string | null {
  const unexpected = outputs;
  const unmet = expectations.filter((e) => e.seen === 0);
  outputs = [];
  expectations = [];
  const problems: string[] = [];
  if (unexpected.length > 0) {
    problems.push(
      `The test wrote to console.error or console.warn, or raised a process warning (expectConsoleError and the like in tests/setup/fail-on-console.ts allow it):\n${describe(unexpected)}`,
    );
  }
  if (unmet.length > 0)
    problems.push(
      `Expected output that did not come:\n${unmet.map((e) => `  ${e.channel}: ${e.matcher === undefined ? "any output" : String(e.matcher)}`).join("\n")}`,
    );
  return problems.length > 0 ? problems.join("\n") : null;
}

beforeEach(() => {
  // What came since the last test ended came outside any test.
  outside.push(...outputs);
  outputs = [];
  expectations = [];
});

afterEach(() => {
  const report = takeReport();
  if (report) throw new Error(report);
});

afterAll(() => {
  console.error = original.error;
  console.warn = original.warn;
  process.off("warning", onWarning);
  const left = [...outside, ...outputs];
  outside = [];
  outputs = [];
  if (left.length > 0) {
    throw new Error(`Output to console.error or console.warn, or a process warning, outside any test of this file:\n${describe(left)}`);
  }
});
