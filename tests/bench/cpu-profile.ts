/**
 * Where a server's time went, from the profile `node --cpu-prof` wrote (tests/bench/webhooks.ts, BENCH_CPU_PROF=1).
 * V8 samples the main thread by wall clock: a synchronous native call (libsql's SQLite, its fsync included) counts
 * for as long as it holds the thread, idle time is "(idle)".
 */
import { readFileSync } from "node:fs";

/** A V8 CPU profile as `node --cpu-prof` writes it. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  readonly totalMs: number;
  /** Self time by where the code comes from: a package of node_modules, the app's build, Node.js itself, idle, GC. */
  readonly bySource: { source: string; ms: number }[];
  /** Self time of the costliest functions. */
  readonly byFunction: { name: string; ms: number }[];
  /**
   * Time by the innermost function of the app's own code (build/server) on the stack: what it costs with the
   * libraries it calls. Code that runs after an `await` is on a stack of its own, from the microtask that resumed it.
   */
  readonly byAppFunction: { name: string; ms: number }[];
}

function sourceOf(url: string, functionName: string): string {
  if (functionName === "(idle)" || functionName === "(garbage collector)" || functionName === "(program)") return functionName;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.includes("/build/server/")) return "the app (build/server)";
  if (url.startsWith("node:") || url === "") return "Node.js (node:*, native)";
  return url;
}

/** Self time per source and per function of a CPU profile, and time by the app's function that runs it. */
export function summarizeProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));

  const bySource = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const byAppFunction = new Map<string, number>();
  const isApp = (url: string) => url.includes("/build/server/");
  let total = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    total += us;
    const source = sourceOf(url, functionName);
    bySource.set(source, (bySource.get(source) ?? 0) + us);
    const name = `${functionName || "(anonymous)"} ${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/build\/([^?]*).*$/, "build/$1")}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    let at: number | undefined = id;
    while (at !== undefined && !isApp(byId.get(at)!.callFrame.url)) at = parent.get(at);
    const frame = at === undefined ? undefined : byId.get(at)!.callFrame;
    const app = frame ? `${frame.functionName || "(anonymous)"} build/server/index.js:${frame.lineNumber + 1}` : `(not under the app's code: ${source})`;
    byAppFunction.set(app, (byAppFunction.get(app) ?? 0) + us);
  }
  const ms = (us: number) => Math.round(us / 100) / 10;
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  return {
    totalMs: ms(total),
    bySource: sorted(bySource)
      .slice(0, top)
      .map(([source, us]) => ({ source, ms: ms(us) })),
    byFunction: sorted(byFunction)
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: ms(us) })),
    byAppFunction: sorted(byAppFunction)
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: ms(us) })),
  };
}
