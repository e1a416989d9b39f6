import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";

const folder = join(import.meta.dirname, "../locales");

function keysOf(messages: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === "object" && value !== null ? keysOf(value as Record<string, unknown>, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

const read = (file: string) => JSON.parse(readFileSync(join(folder, file), "utf8")) as Record<string, unknown>;

test("the locale files are English (the default) and Korean", () => {
  expect(readdirSync(folder).sort()).toEqual(["en.default.json", "ko.json"]);
});

test("Korean has exactly the keys of English, every value a non-empty string with the same {{placeholders}}", () => {
  const en = read("en.default.json");
  const ko = read("ko.json");
  expect(keysOf(ko).sort()).toEqual(keysOf(en).sort());
  const at = (messages: Record<string, unknown>, key: string) => key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages);
  const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
  for (const key of keysOf(en)) {
    const [english, korean] = [at(en, key), at(ko, key)];
    expect(typeof korean === "string" && korean.length > 0, key).toBe(true);
    expect(placeholders(korean as string), key).toEqual(placeholders(english as string));
  }
});
