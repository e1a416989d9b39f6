/**
 * A stand-in for the `shopify.i18n` that Shopify admin gives a UI extension (shopify.dev "Localization"): strings from
 * the extension's `locales/<locale>.json`, falling back to its `*.default.json`, with `{{name}}` replacements and a
 * `count` option that picks the plural form (`one`, `other`... by Intl.PluralRules); numbers, money and dates through
 * Intl in the admin's locale. A key found in neither file comes back as the key itself. Pure: the simulated admin runs
 * it in the browser, and the extension's tests in Node.
 */

export interface LocaleMessages {
  readonly [key: string]: string | LocaleMessages;
}

type Replacements = Record<string, unknown>;
type Extra = { inExtensionLocale?: boolean };

export interface ExtensionI18n {
  translate(key: string, options?: Replacements): string;
  formatNumber(value: number | bigint, options?: Extra & Intl.NumberFormatOptions): string;
  formatCurrency(value: number | bigint, options?: Extra & Intl.NumberFormatOptions): string;
  formatDate(date: Date, options?: Extra & Intl.DateTimeFormatOptions): string;
}

function lookup(messages: LocaleMessages, key: string): string | LocaleMessages | undefined {
  let node: string | LocaleMessages | undefined = messages;
  for (const part of key.split(".")) {
    if (typeof node !== "object") return undefined;
    node = node[part];
  }
  return node;
}

function withoutExtra<T extends Extra>(options: T | undefined): Omit<T, "inExtensionLocale"> {
  const { inExtensionLocale: _, ...rest } = options ?? ({} as T);
  return rest;
}

export function extensionI18n(locale: string, messages: LocaleMessages, fallback: LocaleMessages): ExtensionI18n {
  const plurals = new Intl.PluralRules(locale);
  const resolve = (key: string, count: unknown): string | undefined => {
    for (const source of [messages, fallback]) {
      const found = lookup(source, key);
      if (typeof found === "string") return found;
      if (found && typeof count === "number") {
        const form = found[plurals.select(count)] ?? found.other;
        if (typeof form === "string") return form;
      }
    }
    return undefined;
  };
  return {
    translate(key, options = {}) {
      const text = resolve(key, options.count);
      if (text === undefined) return key;
      return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in options ? String(options[name]) : whole));
    },
    formatNumber: (value, options) => new Intl.NumberFormat(locale, withoutExtra(options)).format(value),
    formatCurrency: (value, options) => new Intl.NumberFormat(locale, { ...withoutExtra(options), style: "currency" }).format(value),
    formatDate: (date, options) => new Intl.DateTimeFormat(locale, withoutExtra(options)).format(date),
  };
}
