/** The admin languages the app speaks. English is the fallback for any other. */
export const LOCALES = ["en", "ko"] as const;
export type Locale = (typeof LOCALES)[number];

function supported(tag: string | null | undefined): Locale | null {
  const language = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(language ?? "") ? (language as Locale) : null;
}

/**
 * The language of a page: Shopify admin's `locale` parameter on the app URL (the staff member's admin language), else
 * the one remembered from it in a cookie (later navigations inside the app carry no parameter), else the browser's
 * first supported language, else English.
 */
export function pickLocale(sources: { param?: string | null; remembered?: string | null; acceptLanguage?: string | null }): Locale {
  const fromHeader = (sources.acceptLanguage ?? "")
    .split(",")
    .map((part) => part.split(";")[0])
    .map(supported)
    .find((locale) => locale !== null);
  return supported(sources.param) ?? supported(sources.remembered) ?? fromHeader ?? "en";
}
