import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { CDNOW_SAMPLE_PATH } from "../../tests/fixtures/cdnow/load.ts";
import type { ModelChoice } from "../scoring/index.ts";
import { main } from "./main.ts";

const SHOPIFY_EXPORT = new URL("../../tests/fixtures/shopify-orders-export.csv", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "cli-test-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

function run(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

interface JsonCustomer {
  id: string;
  frequency: number;
  recency: number;
  T: number;
  monetary: number;
  pAlive: number;
  expectedPurchases: number;
  predictedClv: number;
  predictedClvLow: number;
  predictedClvHigh: number;
  rfm: { r: number; f: number; m: number };
  segment: string;
}
interface JsonDocument {
  model: { name: string; params: Record<string, number>; logLikelihood: number; converged: boolean };
  spend: { p: number; q: number; gamma: number };
  customers: JsonCustomer[];
  backtest?: { total: { actual: number; predicted: number } };
  choice: ModelChoice;
}
const json = (stdout: string) => JSON.parse(stdout) as JsonDocument;

describe("score --format cdnow", () => {
  const result = run(
    "score",
    "--input",
    CDNOW_SAMPLE_PATH,
    "--format",
    "cdnow",
    "--calibration-end",
    "1997-09-30",
    "--horizon-days",
    "273",
    "--model",
    "bgnbd",
    "--json",
  );
  const doc = json(result.stdout);

  test("prints the promised JSON shape with the published BG/NBD and Gamma-Gamma fits, in weeks", () => {
    expect(result.code).toBe(0);
    expect(doc.model.name).toBe("bgnbd");
    expect(doc.model.converged).toBe(true);
    expect(doc.model.params.r).toBeCloseTo(0.243, 3);
    expect(doc.model.params.alpha).toBeCloseTo(4.414, 3);
    expect(doc.model.logLikelihood).toBeCloseTo(-9582.4, 0);
    expect(doc.spend.p).toBeCloseTo(6.25, 2);
    expect(doc.customers).toHaveLength(2357);
    const first = doc.customers.find((c) => c.id === "0001")!;
    expect(Object.keys(first)).toEqual(
      expect.arrayContaining([
        "id",
        "frequency",
        "recency",
        "T",
        "monetary",
        "pAlive",
        "expectedPurchases",
        "predictedClv",
        "predictedClvLow",
        "predictedClvHigh",
        "rfm",
        "segment",
      ]),
    );
    expect(first.frequency).toBe(2);
    expect(first.recency).toBeCloseTo(30.43, 2);
    expect(first.T).toBeCloseTo(38.86, 2);
    expect(first.monetary).toBeCloseTo(22.345, 3);
    expect(first.expectedPurchases).toBeCloseTo(1.226, 2);
    expect(doc.backtest!.total.actual).toBe(1882);
  });

  test("reads the 4-column layout with a header line", () => {
    const text = `id date cds sales\n${readFileSync(CDNOW_SAMPLE_PATH, "utf8")
      .split(/\r?\n/)
      .filter(Boolean)
      .map((l) => l.trim().split(/\s+/).slice(1).join(" "))
      .join("\n")}`;
    const r = run("score", "--input", file("cdnow4.txt", text), "--format", "cdnow", "--calibration-end", "1997-09-30", "--model", "bgnbd", "--json");
    expect(r.code).toBe(0);
    expect(json(r.stdout).model.params.r).toBeCloseTo(0.243, 3);
  });

  test("prints a readable table without --json", () => {
    const r = run("score", "--input", CDNOW_SAMPLE_PATH, "--format", "cdnow", "--calibration-end", "1997-09-30", "--model", "bgnbd");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("BG/NBD: r = 0.2426, alpha = 4.4136, a = 0.7929, b = 2.4259");
    expect(r.stdout).toContain("Top 20 customers by predicted CLV");
    expect(r.stdout).toMatch(/Backtest: holdout 1997-09-30 → 1998-06-30: repeat purchases actual 1882/);
  });
});

describe("score --model auto (the default)", () => {
  test("prints the candidates' backtest figures and the chosen model, as text and in the JSON document", () => {
    const args = ["score", "--input", CDNOW_SAMPLE_PATH, "--format", "cdnow", "--calibration-end", "1997-09-30", "--horizon-days", "273"];
    const doc = json(run(...args, "--json").stdout);
    expect(doc.choice.holdoutDays).toBe(84);
    expect(doc.choice.candidates).toHaveLength(4);
    expect(doc.model.name).toBe(doc.choice.chosen);
    // the outer backtest (after the calibration end) is of the chosen model, refitted on the whole calibration
    expect(doc.backtest!.total.actual).toBe(1882);
    const text = run(...args, "--model", "auto", "--current-model", doc.choice.chosen).stdout;
    expect(text).toContain("Model choice: backtest on the last 12 weeks before 1997-09-30 (calibration to 1997-07-08");
    expect(text).toMatch(/Pareto\/NBD: predicted [\d,]+ repeat orders for the last 12 weeks; there were 657\./);
    expect(text).toContain(`Chosen: ${doc.choice.chosen} (kept-current)`);
    expect(run(...args, "--model", "best").code).toBe(2);
  });
});

describe("score --format csv", () => {
  const lines = readFileSync(CDNOW_SAMPLE_PATH, "utf8").split(/\r?\n/).filter(Boolean);
  const csv =
    "customer_id,date,amount\n" +
    lines
      .map((l) => {
        const [, id, d, , amount] = l.trim().split(/\s+/);
        return `${id},${d!.slice(0, 4)}-${d!.slice(4, 6)}-${d!.slice(6)}T12:00:00Z,${amount}`;
      })
      .join("\n");

  test("gives the CDNOW fit in days: alpha × 7 and LL shifted by −Σx·ln 7", () => {
    const r = run("score", "--input", file("cdnow.csv", csv), "--format", "csv", "--calibration-end", "1997-09-30", "--model", "bgnbd", "--json");
    expect(r.code).toBe(0);
    const doc = json(r.stdout);
    expect(doc.model.params.r).toBeCloseTo(0.243, 3);
    expect(doc.model.params.alpha! / 7).toBeCloseTo(4.414, 3);
    expect(doc.model.logLikelihood).toBeCloseTo(-9582.43 - 2457 * Math.log(7), 1);
    const first = doc.customers.find((c) => c.id === "0001")!;
    expect([first.frequency, first.recency, first.T]).toEqual([2, 213, 272]);
  });

  test("names the line of a bad row", () => {
    const bad = "customer_id,date,amount\nc1,2024-01-01,10\nc1,2024-13-01,10\n";
    const r = run("score", "--input", file("bad-date.csv", bad), "--format", "csv");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad-date\.csv: line 3: "2024-13-01" is not a valid date/);
    const negative = run("score", "--input", file("negative.csv", "customer_id,date,amount\nc1,2024-01-01,-5\n"), "--format", "csv");
    expect(negative.code).toBe(1);
    expect(negative.stderr).toContain("line 2: amount -5 is negative");
    const header = run("score", "--input", file("header.csv", "customer,date,amount\nc1,2024-01-01,5\n"), "--format", "csv");
    expect(header.stderr).toContain('line 1: the header has no "customer_id" column');
  });
});

describe("score --format shopify-orders-csv", () => {
  test("scores the Shopify admin export fixture", () => {
    const r = run("score", "--input", SHOPIFY_EXPORT, "--format", "shopify-orders-csv", "--json");
    expect(r.code).toBe(0);
    const doc = json(r.stdout);
    // the default model is auto: the model scored is the one chosen, and the choice is in the document
    expect(doc.choice.candidates.map((c) => c.model)).toEqual(["bgnbd", "mbgnbd", "pareto", "mbgcnbd"]);
    expect(doc.model.name).toBe(doc.choice.chosen);
    expect(doc.customers.length).toBeGreaterThan(100);
    expect(doc.customers.every((c) => c.id.includes("@"))).toBe(true);
    expect(r.stderr).toMatch(/order\(s\) without an email were skipped/);
  });

  const header = readFileSync(SHOPIFY_EXPORT, "utf8").split("\n")[0]!;
  const columns = header.split(",");
  const row = (values: Record<string, string>) =>
    columns
      .map((c) => {
        const v = values[c] ?? "";
        return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
      })
      .join(",");

  test("uses order-level columns once per order, nets refunds and skips refunded, voided and cancelled orders", () => {
    const text = [
      header,
      row({
        Name: "#1",
        Email: "A@x.com",
        "Financial Status": "paid",
        Currency: "EUR",
        Total: "50.00",
        "Created at": "2024-01-05 23:30:00 -0500",
        "Lineitem name": "Mug, large",
        Notes: "two\nlines",
      }),
      row({ Name: "#1", Email: "A@x.com", "Created at": "2024-01-05 23:30:00 -0500", "Lineitem name": "Spoon" }),
      row({
        Name: "#2",
        Email: "a@x.com",
        "Financial Status": "partially_refunded",
        Currency: "EUR",
        Total: "40.00",
        "Refunded Amount": "15.00",
        "Created at": "2024-02-01 10:00:00 -0500",
      }),
      row({
        Name: "#3",
        Email: "a@x.com",
        "Financial Status": "refunded",
        Currency: "EUR",
        Total: "30.00",
        "Refunded Amount": "30.00",
        "Created at": "2024-02-10 10:00:00 -0500",
      }),
      row({ Name: "#4", Email: "a@x.com", "Financial Status": "voided", Currency: "EUR", Total: "30.00", "Created at": "2024-02-11 10:00:00 -0500" }),
      row({
        Name: "#5",
        Email: "a@x.com",
        "Financial Status": "paid",
        Currency: "EUR",
        Total: "30.00",
        "Created at": "2024-02-12 10:00:00 -0500",
        "Cancelled at": "2024-02-12 11:00:00 -0500",
      }),
      row({ Name: "#6", Email: "", "Financial Status": "paid", Currency: "EUR", Total: "30.00", "Created at": "2024-02-13 10:00:00 -0500" }),
      row({ Name: "#7", Email: "b@x.com", "Financial Status": "paid", Currency: "EUR", Total: "12.50", "Created at": "2024-03-01 10:00:00 -0500" }),
    ].join("\n");
    const r = run("score", "--input", file("small-shopify.csv", text), "--format", "shopify-orders-csv", "--json");
    expect(r.code).toBe(0);
    const a = json(r.stdout).customers.find((c) => c.id === "a@x.com")!;
    // #1 on 2024-01-05 (the shop's day), #2 on 2024-02-01 worth 40 − 15; #3–#5 are not purchases; the end is 2024-03-01
    expect([a.frequency, a.recency, a.T, a.monetary]).toEqual([1, 27, 56, 25]);
    expect(r.stderr).toContain("1 order(s) without an email were skipped");
  });

  test("names the line of a malformed export", () => {
    const unclosed = run("score", "--input", file("unclosed.csv", `${header}\n#1,"a@x.com,paid\n`), "--format", "shopify-orders-csv");
    expect(unclosed.code).toBe(1);
    expect(unclosed.stderr).toContain("line 2: a quoted field is never closed");
    const missing = run("score", "--input", file("missing.csv", "Name,Email\n#1,a@x.com\n"), "--format", "shopify-orders-csv");
    expect(missing.stderr).toContain('line 1: the header has no "Financial Status" column');
    const mixed = [
      header,
      row({ Name: "#1", Email: "a@x.com", "Financial Status": "paid", Currency: "EUR", Total: "5", "Created at": "2024-01-05 10:00:00 -0500" }),
      row({ Name: "#2", Email: "a@x.com", "Financial Status": "paid", Currency: "USD", Total: "5", "Created at": "2024-01-06 10:00:00 -0500" }),
    ].join("\n");
    const currencies = run("score", "--input", file("mixed.csv", mixed), "--format", "shopify-orders-csv");
    expect(currencies.code).toBe(1);
    expect(currencies.stderr).toContain("order #2 on line 3 (customer a@x.com): currency USD differs from EUR");
  });
});

describe("usage", () => {
  test("exits 2 on a usage error and 1 on a missing file", () => {
    expect(run("score", "--format", "cdnow").code).toBe(2);
    expect(run("score", "--input", "x", "--format", "xml").stderr).toContain("--format must be one of cdnow, csv, shopify-orders-csv");
    expect(run("score", "--input", join(dir, "nope.txt"), "--format", "csv").code).toBe(1);
    expect(run("--help").stdout).toContain("Usage: cli score");
  });

  test("runs as a program", async () => {
    const bin = new URL("../../node_modules/.bin/tsx", import.meta.url).pathname;
    const entry = new URL("./main.ts", import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(bin, [entry, "score", "--input", SHOPIFY_EXPORT, "--format", "shopify-orders-csv", "--model", "bgnbd"]);
    expect(stdout).toContain("BG/NBD: r = ");
    await expect(promisify(execFile)(bin, [entry, "score", "--input", file("bad.txt", " 1 0001 1997x101 1 2.00\n"), "--format", "cdnow"])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('line 1: "1997x101" is not a YYYYMMDD date'),
    });
  });
});
