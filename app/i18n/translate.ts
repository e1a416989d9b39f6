import type { Locale } from "./locale.ts";
import { en, type MessageKey } from "./messages/en.ts";
import { ko } from "./messages/ko.ts";

export type { MessageKey };
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

const CATALOGS: Record<Locale, Record<MessageKey, string>> = { en, ko };

/**
 * The app's own strings in one language (Polaris's come from its locale files). `{name}` is replaced by
 * `values.name`; a key with `.one` / `.other` variants picks one by `values.count` (English only needs them).
 */
export function translator(locale: Locale): Translate {
  const catalog = CATALOGS[locale];
  const plurals = new Intl.PluralRules(locale);
  return (key, values) => {
    let text: string = catalog[key];
    if (values && typeof values.count === "number") {
      const variant = `${key}.${plurals.select(values.count)}` as MessageKey;
      if (variant in catalog) text = catalog[variant];
    }
    return values ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole)) : text;
  };
}
