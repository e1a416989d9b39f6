// `npm run bench [-- <name>...]`: runs the project's benchmarks and prints their figures.
// Each benchmark is a script in tests/bench/ that prints its own report.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

const BENCHMARKS: Record<string, string> = {
  scoring: "scoring-fit.ts",
  rescoring: "rescoring.ts",
  intake: "webhook-intake.ts",
  webhooks: "webhooks.ts",
  push: "push.ts",
  admin: "admin.ts",
  cli: "cli.ts",
  backfill: "backfill.ts",
};

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
const names = requested.length > 0 ? requested : Object.keys(BENCHMARKS);
for (const name of names) {
  const script = BENCHMARKS[name];
  if (!script) {
    console.error(`Unknown benchmark "${name}"; known: ${Object.keys(BENCHMARKS).join(", ")}`);
    process.exit(2);
  }
  console.log(`\n== ${name} ==`);
  const result = spawnSync(process.execPath, ["--import", "tsx", resolve(import.meta.dirname, script)], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
