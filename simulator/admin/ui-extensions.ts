/**
 * The app's admin UI extensions (`type = "ui_extension"` beside its `shopify.app.toml`), as the simulated admin needs
 * them to run one: handle, name, each target with its module, and the locale files. Read once when the simulator
 * starts; the module is bundled on first use (extension-bundle.ts).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse, type TomlTable } from "smol-toml";
import type { LocaleMessages } from "./extension-i18n.ts";

export interface UiExtensionTarget {
  readonly target: string;
  /** Absolute path of the target's module. */
  readonly module: string;
}

export interface UiExtension {
  readonly handle: string;
  readonly apiVersion: string;
  /** The `name` in the default locale when it is a `t:` key, as the admin shows it. */
  readonly name: string;
  readonly targets: readonly UiExtensionTarget[];
  /** Messages by locale file name without `.json` / `.default.json`: `{ en: ..., ko: ... }`. */
  readonly locales: Readonly<Record<string, LocaleMessages>>;
  /** The locale of the `*.default.json` file. */
  readonly defaultLocale: string;
}

function localesIn(folder: string): { locales: Record<string, LocaleMessages>; defaultLocale: string } {
  const locales: Record<string, LocaleMessages> = {};
  let defaultLocale = "en";
  if (!existsSync(folder)) return { locales, defaultLocale };
  for (const file of readdirSync(folder)) {
    const match = /^([A-Za-z-]+?)(\.default)?\.json$/.exec(file);
    if (!match?.[1]) continue;
    locales[match[1]] = JSON.parse(readFileSync(join(folder, file), "utf8")) as LocaleMessages;
    if (match[2]) defaultLocale = match[1];
  }
  return { locales, defaultLocale };
}

export function uiExtensionFromFolder(folder: string): UiExtension[] {
  const document = parse(readFileSync(join(folder, "shopify.extension.toml"), "utf8"));
  const { locales, defaultLocale } = localesIn(join(folder, "locales"));
  const extensions = (Array.isArray(document.extensions) ? document.extensions : []) as TomlTable[];
  return extensions
    .filter((extension) => extension.type === "ui_extension")
    .map((extension) => {
      const rawName = String(extension.name ?? extension.handle);
      const translated = rawName.startsWith("t:") ? locales[defaultLocale]?.[rawName.slice(2)] : rawName;
      const targeting = (Array.isArray(extension.targeting) ? extension.targeting : []) as TomlTable[];
      return {
        handle: String(extension.handle),
        apiVersion: String(document.api_version ?? ""),
        name: typeof translated === "string" ? translated : rawName,
        targets: targeting.map((t) => ({ target: String(t.target), module: resolve(folder, String(t.module)) })),
        locales,
        defaultLocale,
      };
    });
}

/** Every UI extension in the app's `extensions/` folder. */
export function uiExtensionsIn(extensionsDir: string): UiExtension[] {
  if (!existsSync(extensionsDir)) return [];
  return readdirSync(extensionsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(extensionsDir, entry.name, "shopify.extension.toml")))
    .flatMap((entry) => uiExtensionFromFolder(join(extensionsDir, entry.name)));
}

/** The module an extension runs for a target, or null when it has none for it. */
export function moduleFor(extension: UiExtension, target: string): string | null {
  return extension.targets.find((t) => t.target === target)?.module ?? null;
}
