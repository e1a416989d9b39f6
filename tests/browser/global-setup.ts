/**
 * Before the browser tests: Chromium must be there (`.ci/run` installs Debian's package), and the app is built as
 * `npm start` serves it, so that the tests open what a merchant gets.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { chromiumPath } from "./chromium.ts";

export default function setup(): void {
  const chromium = chromiumPath();
  if (!existsSync(chromium)) {
    throw new Error(`The browser tests need Chromium at ${chromium} (apt-get install chromium, as .ci/run does; CHROMIUM_PATH names another).`);
  }
  const root = resolve(import.meta.dirname, "../..");
  // Without Vitest's variables, which tell vite.config.ts to leave the Remix plugin out.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST")));
  const build = spawnSync(resolve(root, "node_modules/.bin/remix"), ["vite:build"], { cwd: root, encoding: "utf8", env: { ...env, NODE_ENV: "production" } });
  if (build.status !== 0) throw new Error(`Building the app for the browser tests failed:\n${build.stdout}\n${build.stderr}`);
}
