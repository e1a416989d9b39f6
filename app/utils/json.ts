const SIXTEEN_DIGITS = /\d{16}/;

/**
 * JSON.parse that keeps integers beyond 2^53 exact by returning them as strings.
 * Shopify's numeric ids (order 820982911946154508) do not fit a double.
 * It needs JSON.parse source text access (the reviver's `context.source`); without it the ids
 * would be rounded silently, so the app refuses to start on such a runtime (`assertJsonSourceTextAccess`).
 */
export function parseJsonKeepingBigIntegers(text: string): unknown {
  // An integer beyond 2^53 has at least 16 digits (2^53 - 1 = 9007199254740991 has 16). A text without 16 digits in a
  // row has none, and the reviver, called for every value (the costliest part of webhook intake), would change nothing.
  if (!SIXTEEN_DIGITS.test(text)) return JSON.parse(text);
  return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) => {
    if (typeof value === "number" && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source)) {
      return context.source;
    }
    return value;
  });
}

type Parse = (text: string, reviver: (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown) => unknown;

const PROBE = '{"id":820982911946154508}';

/**
 * Throws unless JSON.parse hands its reviver the source text of each value (TC39 "JSON.parse source text
 * access", on by default from V8 11.4: Node.js 21 and later; Node.js 20 has it only behind
 * --harmony-json-parse-with-source). Called where the app and the CLI start. `parse` is for tests.
 */
export function assertJsonSourceTextAccess(parse: Parse = JSON.parse as Parse, node: string = process.version): void {
  let source: unknown;
  try {
    parse(PROBE, (key, value, context) => {
      if (key === "id") source = context?.source;
      return value;
    });
  } catch {
    source = undefined;
  }
  if (source !== "820982911946154508") {
    throw new Error(
      `Node.js ${node} lacks JSON.parse source text access (the reviver's context.source; Node.js 21 and later have it), ` +
        "which the app needs to keep Shopify's 18-digit ids exact: they would be rounded silently. " +
        "Run the app on Node.js 22.12 or later, as package.json's engines say (the npm scripts use the project's own Node.js 24).",
    );
  }
}
