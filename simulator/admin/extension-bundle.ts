/**
 * An admin UI extension's module bundled for the browser with esbuild, as the Shopify CLI bundles it: Preact's JSX,
 * ES modules, everything it imports inlined. The simulated admin's host (extension-host.ts) goes first, so the
 * `shopify` global exists when the extension's imports run, then the module's default export is called, as the admin
 * calls it for the target. Built on first request and kept for the simulator's life; a failed build is not kept.
 */
import { fileURLToPath } from "node:url";

const HOST = fileURLToPath(new URL("./extension-host.ts", import.meta.url));
const bundles = new Map<string, Promise<string>>();

async function bundle(module: string): Promise<string> {
  // Loaded here, not at the top: most simulators never serve an extension.
  const { build } = await import("esbuild");
  const result = await build({
    stdin: {
      contents: `import ${JSON.stringify(HOST)};\nimport run from ${JSON.stringify(module)};\nvoid run();\n`,
      resolveDir: fileURLToPath(new URL(".", import.meta.url)),
      sourcefile: "ui-extension-entry.ts",
      loader: "ts",
    },
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    jsx: "automatic",
    jsxImportSource: "preact",
    legalComments: "none",
    logLevel: "silent",
  });
  return result.outputFiles[0]?.text ?? "";
}

/** The JavaScript of `module` (an absolute path) with the host before it. */
export function extensionBundle(module: string): Promise<string> {
  let built = bundles.get(module);
  if (!built) {
    built = bundle(module);
    bundles.set(module, built);
    built.catch(() => bundles.delete(module));
  }
  return built;
}
