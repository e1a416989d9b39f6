/**
 * Error messages as a terminal shows them safely (pure). A message quotes what the file holds, and a hostile file
 * holds anything: a cell of 50 MB, escape sequences that recolour or rewrite the terminal, bidirectional overrides
 * that reorder what is read (CVE-2021-42574, "Trojan Source").
 */

/** C0 and C1 controls, DEL, the line and paragraph separators, and the bidirectional embeddings, overrides and isolates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** A run of text without a space longer than this is shortened to its first HEAD characters and its length. */
const LONGEST = 120;
const HEAD = 60;

/**
 * `text` with every unsafe character written as its escape (`\u001b`), and every run of more than 120 characters
 * without a space cut to its first 60 and how long it was.
 *
 * @example printable('amount "\u001b[31m" is not a number') // => 'amount "\\u001b[31m" is not a number'
 */
export function printable(text: string): string {
  // Split at spaces rather than matched by \S{121,}: the regular expression's backtracking overflows the stack on a run of megabytes.
  const shortened = text
    .split(/(\s+)/)
    .map((run) => (run.length > LONGEST && !/^\s/.test(run) ? `${run.slice(0, HEAD)}… (${run.length.toLocaleString("en-US")} characters)` : run))
    .join("");
  return shortened.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
