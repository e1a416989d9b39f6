import en from "@shopify/polaris/locales/en.json" with { type: "json" };
import ko from "@shopify/polaris/locales/ko.json" with { type: "json" };
import type { Locale } from "./locale.ts";

/** Polaris's own strings (pagination, filters, index tables) in the admin's language. */
export function polarisTranslations(locale: Locale) {
  return locale === "ko" ? ko : en;
}
