/**
 * The `score` command as a user runs it: the built CLI (dist/cli.js, `npx clv-crm score ...`) as a whole process, on
 * a 23,570-customer CDNOW log, against a scipy Nelder-Mead fit of the same model alone, measured in the same run.
 *
 *   npm run bench -- cli
 *   npx tsx tests/bench/cli.ts [--runs N]
 *
 * Setup (not timed): the log is the CDNOW sample ten times over, each copy with new customer ids (var/bench/), and
 * the CLI is built with `npm run build:cli`. Timed:
 * - cli.23k.seconds: `node dist/cli.js score --input FILE --format cdnow` (the default --model auto: four candidates
 *   backtested, the chosen one refitted, every customer scored, the summary printed), wall time from spawn to exit,
 *   median of --runs; also `--json` (every customer printed) and the same command as `npm run --silent cli -- ...`
 *   (tsx on the TypeScript), cli.23k.tsx_seconds, for comparison.
 * - cli.23k.fit_ms: the fit alone of the model the command chose, in this process: the engine's fitPurchaseModel on
 *   the same summaries (patterns compressed, maximum likelihood, Hessian), median of --runs after one warm-up.
 * - the baseline, when python3 with scipy is here: tests/bench/scipy_fit.py, lifetimes' method (the mean negative
 *   log-likelihood over log-parameters minimised by scipy's Nelder-Mead, one row per customer), on the same log and
 *   model, timed inside Python (median of --runs); its log-likelihood must be the CLI's.
 * The runs take turns (scipy, CLI, CLI --json, tsx; --runs times), so that the machine's load meets them alike.
 *
 * Target: the whole command under half of the scipy fit alone (ratio = cli / scipy < 0.5).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { readOrders } from "../../app/cli/readers.ts";
import { DAYS_PER_UNIT, summarize, type ModelName } from "../../app/scoring/index.ts";
import { fitPurchaseModel } from "../../app/scoring/purchase-model.ts";
import { ROOT } from "../setup/databases.ts";
import { CDNOW_SAMPLE_PATH } from "../fixtures/cdnow/load.ts";
import { recordFigures, type Figure } from "./results.ts";

const COPIES = 10;
const TARGET_RATIO = 0.5;
const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const runs = Number(values.runs);

const input = resolve(ROOT, "var/bench/cdnow-23k.txt");
const customers = writeLog(input);
console.log(`node ${process.versions.node}; ${input}: ${customers.toLocaleString()} customers`);

const build = spawnSync("npm", ["run", "--silent", "build:cli"], { cwd: ROOT, stdio: "inherit" });
if (build.status !== 0) throw new Error("npm run build:cli failed");
const built = resolve(ROOT, "dist/cli.js");
const args = ["score", "--input", input, "--format", "cdnow"];

const document = JSON.parse(command([built, ...args, "--json"]).stdout) as {
  model: { name: ModelName; logLikelihood: number; params: Record<string, number> };
  customers: unknown[];
};
if (document.customers.length !== customers) throw new Error(`the CLI scored ${document.customers.length} customers, not ${customers}`);
const model = document.model.name;
console.log(`the CLI chose ${model}: ${JSON.stringify(document.model.params)}, log-likelihood ${document.model.logLikelihood.toFixed(4)}`);

// The measurements take turns, so that a change in the machine's load meets all of them alike.
const hasScipy = scipyPresent();
const samples = { scipy: [] as number[], cli: [] as number[], json: [] as number[], tsx: [] as number[] };
let evaluations = 0;
for (let run = 0; run < runs; run++) {
  if (hasScipy) {
    const fit = scipyFit(model);
    samples.scipy.push(fit.seconds);
    evaluations = fit.evaluations;
  }
  samples.cli.push(command([built, ...args]).seconds);
  samples.json.push(command([built, ...args, "--json"]).seconds);
  samples.tsx.push(command(["npm", "run", "--silent", "cli", "--", ...args]).seconds);
}
const scipy = hasScipy ? { seconds: median(samples.scipy), evaluations } : null;
const cliSeconds = median(samples.cli);
const jsonSeconds = median(samples.json);
const tsxSeconds = median(samples.tsx);
const fitMs = engineFitMs(model);

const ratio = scipy === null ? null : cliSeconds / scipy.seconds;
console.log(`\nCLI on ${customers.toLocaleString()} customers (medians of ${runs}):`);
console.log(`  built CLI, whole process          ${cliSeconds.toFixed(3)} s`);
console.log(`  built CLI with --json             ${jsonSeconds.toFixed(3)} s`);
console.log(`  npm run --silent cli -- (tsx)     ${tsxSeconds.toFixed(3)} s`);
console.log(`  engine fit of ${model} alone       ${fitMs.toFixed(1)} ms`);
for (const [what, values] of Object.entries(samples)) if (values.length > 0) console.log(`  ${what} runs: ${values.map((v) => v.toFixed(2)).join(", ")} s`);
if (scipy === null) console.log("  scipy baseline: skipped (no python3 with scipy)");
else {
  console.log(`  scipy Nelder-Mead fit alone       ${scipy.seconds.toFixed(3)} s (${scipy.evaluations} evaluations)`);
  console.log(`  ratio CLI / scipy                 ${ratio!.toFixed(2)} (target < ${TARGET_RATIO}) ${ratio! < TARGET_RATIO ? "OK" : "OVER TARGET"}`);
}

const figures: Figure[] = [
  {
    name: "cli.23k.seconds",
    value: round(cliSeconds, 3),
    unit: "s",
    ...(scipy === null ? {} : { baseline: round(scipy.seconds, 3), ratio: round(ratio!, 2) }),
  },
  { name: "cli.23k.fit_ms", value: round(fitMs, 1), unit: "ms" },
  { name: "cli.23k.tsx_seconds", value: round(tsxSeconds, 3), unit: "s" },
];
recordFigures(figures);

/** The CDNOW sample ten times over; copy k's customers get new master and sample ids. Returns the customer count. */
function writeLog(path: string): number {
  const lines = readFileSync(CDNOW_SAMPLE_PATH, "utf8")
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "");
  const out: string[] = [];
  const ids = new Set<string>();
  for (let copy = 0; copy < COPIES; copy++) {
    for (const line of lines) {
      const [master, sample, date, quantity, amount] = line.trim().split(/\s+/);
      const id = String(Number(sample) + copy * 10_000).padStart(5, "0");
      ids.add(id);
      out.push(` ${String(Number(master) + copy * 100_000).padStart(7, "0")} ${id} ${date} ${quantity} ${amount}`);
    }
  }
  mkdirSync(resolve(path, ".."), { recursive: true });
  writeFileSync(path, `${out.join("\n")}\n`);
  return ids.size;
}

/**
 * Runs `argv` (node with these arguments, or the npm command) and returns its output and wall time (spawn to exit);
 * throws unless it exits 0.
 */
function command(argv: readonly string[]): { stdout: string; seconds: number } {
  const [file, rest] = argv[0] === "npm" ? ["npm", argv.slice(1)] : [process.execPath, argv];
  const t0 = performance.now();
  const result = spawnSync(file, rest, { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 2 ** 20 });
  const seconds = (performance.now() - t0) / 1000;
  if (result.status !== 0) throw new Error(`${file} ${rest.join(" ")} exited ${result.status}:\n${result.stderr}`);
  return { stdout: result.stdout, seconds };
}

function scipyPresent(): boolean {
  const probe = spawnSync("python3", ["-c", "import scipy, numpy"], { encoding: "utf8" });
  return !probe.error && probe.status === 0;
}

/** One fit by tests/bench/scipy_fit.py on the same log and model (the fit alone timed inside Python). */
function scipyFit(name: ModelName): { seconds: number; evaluations: number } {
  if (name !== "bgnbd" && name !== "mbgnbd") throw new Error(`scipy_fit.py fits BG/NBD and MBG/NBD; the CLI chose ${name}`);
  const result = spawnSync("python3", [resolve(import.meta.dirname, "scipy_fit.py"), "--input", input, "--model", name, "--runs", "1"], {
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`scipy_fit.py failed:\n${result.stderr}`);
  const fit = JSON.parse(result.stdout) as { fit_seconds: number; log_likelihood: number; customers: number; evaluations: number; converged: boolean };
  // the same model on the same summary: the same optimum, to the optimisers' tolerance
  if (fit.customers !== customers || !fit.converged || Math.abs(fit.log_likelihood - document.model.logLikelihood) > 1e-3) {
    throw new Error(`scipy's fit is not the CLI's: ${fit.customers} customers, log-likelihood ${fit.log_likelihood} against ${document.model.logLikelihood}`);
  }
  return { seconds: fit.fit_seconds, evaluations: fit.evaluations };
}

/** The engine's fit of `name` on the log's summaries, as scoreShop makes it: median of `runs` after a warm-up. */
function engineFitMs(name: ModelName): number {
  const { orders, lastDate } = readOrders(readFileSync(input, "utf8"), "cdnow");
  const summaries = summarize(orders, { observationEnd: lastDate, timeUnit: "weeks" });
  const fitOnce = () => fitPurchaseModel(name, summaries, "weeks", DAYS_PER_UNIT.weeks);
  if (Math.abs(fitOnce().report.logLikelihood - document.model.logLikelihood) > 1e-6) throw new Error("the engine's fit differs from the CLI's");
  return median(
    Array.from({ length: runs }, () => {
      const t0 = performance.now();
      fitOnce();
      return performance.now() - t0;
    }),
  );
}

function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
