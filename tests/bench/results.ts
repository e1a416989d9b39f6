import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { resolve } from "node:path";

/** One measured figure of bench/results.json; `ratio` is value/baseline when the benchmark has a baseline. */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: number;
  readonly ratio?: number;
}

interface Results {
  machine: { cpus: number; memory_gb: number; node: string };
  figures: Figure[];
}

const FILE = resolve(import.meta.dirname, "../../bench/results.json");

/** Merges the figures of a benchmark run into bench/results.json (figures of the same name are replaced). */
export function recordFigures(figures: readonly Figure[]): void {
  const previous: Results | null = existsSync(FILE) ? (JSON.parse(readFileSync(FILE, "utf8")) as Results) : null;
  const names = new Set(figures.map((figure) => figure.name));
  const results: Results = {
    machine: { cpus: cpus().length, memory_gb: Math.round(totalmem() / 2 ** 30), node: process.versions.node },
    figures: [...(previous?.figures ?? []).filter((figure) => !names.has(figure.name)), ...figures].sort((a, b) => a.name.localeCompare(b.name)),
  };
  mkdirSync(resolve(FILE, ".."), { recursive: true });
  writeFileSync(FILE, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`figures written to ${FILE}`);
}
