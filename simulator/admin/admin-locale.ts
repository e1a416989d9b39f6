/**
 * The staff member's admin language, as Shopify admin passes it to an embedded app (`locale` on the app URL,
 * `shopify.config.locale` in App Bridge), and the simulated admin frame's own few words in it.
 */
export const DEFAULT_ADMIN_LOCALE = "en";

/** The languages the frame's language switch offers, each named in itself. */
export const ADMIN_LANGUAGES = [
  { locale: "en", name: "English" },
  { locale: "ko", name: "한국어" },
] as const;

export interface AdminWords {
  customers: string;
  simulatedAdmin: string;
  language: string;
  appNavigation: string;
  app: string;
}

const WORDS: Readonly<Record<string, AdminWords>> = {
  en: { customers: "Customers", simulatedAdmin: "simulated Shopify admin", language: "Language", appNavigation: "App navigation", app: "App" },
  ko: { customers: "고객", simulatedAdmin: "Shopify 관리자 시뮬레이션", language: "언어", appNavigation: "앱 탐색", app: "앱" },
};

const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** The `locale` parameter when it is a language tag (`ko`, `pt-BR`), else English. */
export function adminLocale(param: string | null | undefined): string {
  return param && LANGUAGE_TAG.test(param) ? param : DEFAULT_ADMIN_LOCALE;
}

/** The frame's words in the locale's language (`ko-KR` speaks Korean), English when the frame does not speak it. */
export function adminWords(locale: string): AdminWords {
  return WORDS[locale.split("-")[0] ?? ""] ?? (WORDS[DEFAULT_ADMIN_LOCALE] as AdminWords);
}
