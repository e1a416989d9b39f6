import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, test } from "vitest";
import { CDNOW_SAMPLE_PATH } from "../../tests/fixtures/cdnow/load.ts";

// The CLI as shipped: `npm run build:cli` bundles app/cli/main.ts into dist/cli.js (the package's `bin`), which must
// answer exactly as `npm run cli` (tsx on the TypeScript) does.
const ROOT = resolve(import.meta.dirname, "../..");
const BUILT = resolve(ROOT, "dist/cli.js");
const SHOPIFY_EXPORT = resolve(ROOT, "tests/fixtures/shopify-orders-export.csv");
const run = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function outcome(command: string, args: readonly string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(command, [...args], { cwd: ROOT, maxBuffer: 64 * 2 ** 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== "number") throw error;
    return { code: failed.code, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

const npmRunCli = (args: readonly string[]) => outcome("npm", ["run", "--silent", "cli", "--", ...args]);
const builtCli = (args: readonly string[]) => outcome(process.execPath, [BUILT, ...args]);

beforeAll(async () => {
  await run("npm", ["run", "--silent", "build:cli"], { cwd: ROOT });
}, 120_000);

describe("the built CLI (dist/cli.js)", () => {
  test("prints what npm run cli prints, as text and as JSON", async () => {
    const text = ["score", "--input", CDNOW_SAMPLE_PATH, "--format", "cdnow", "--calibration-end", "1997-09-30", "--model", "bgnbd"];
    const json = ["score", "--input", SHOPIFY_EXPORT, "--format", "shopify-orders-csv", "--json"];
    for (const args of [text, json]) {
      const [source, built] = await Promise.all([npmRunCli(args), builtCli(args)]);
      expect(built).toEqual(source);
      expect(built.code).toBe(0);
    }
    const published = await builtCli(text);
    expect(published.stdout).toContain("BG/NBD: r = 0.2426, alpha = 4.4136, a = 0.7929, b = 2.4259");
    const document = JSON.parse((await builtCli(json)).stdout) as { choice: { chosen: string }; model: { name: string }; customers: unknown[] };
    expect(document.model.name).toBe(document.choice.chosen);
    expect(document.customers.length).toBeGreaterThan(100);
  });

  test("fails as npm run cli fails: exit 1 naming the line of a bad file, exit 2 on a usage error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cli-bin-"));
    const bad = join(dir, "bad.txt");
    writeFileSync(bad, " 1 0001 19970101 1 2.00\n 1 0001 1997x101 1 2.00\n");
    const badFile = ["score", "--input", bad, "--format", "cdnow"];
    const usage = ["score", "--input", bad, "--format", "xml"];
    for (const [args, code, message] of [
      [badFile, 1, 'line 2: "1997x101" is not a YYYYMMDD date'],
      [usage, 2, "--format must be one of cdnow, csv, shopify-orders-csv"],
    ] as const) {
      const [source, built] = await Promise.all([npmRunCli(args), builtCli(args)]);
      expect(built).toEqual(source);
      expect(built.code).toBe(code);
      expect(built.stderr).toContain(message);
    }
  });

  test("runs as the package's bin: npx clv-crm score ...", async () => {
    const args = ["score", "--input", SHOPIFY_EXPORT, "--format", "shopify-orders-csv", "--model", "bgnbd"];
    const [viaNpx, built] = await Promise.all([outcome("npx", ["--no", "clv-crm", ...args]), builtCli(args)]);
    expect(viaNpx.stdout).toBe(built.stdout);
    expect(viaNpx.code).toBe(0);
    expect(viaNpx.stdout).toContain("BG/NBD: r = ");
  });
});
