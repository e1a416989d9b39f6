import { type Locale, pickLocale } from "../i18n/locale.ts";

const COOKIE = "clv_locale";

/**
 * The admin language of a request (app/i18n/locale.ts), and the Set-Cookie header that remembers Shopify's `locale`
 * parameter for the navigations inside the app, which carry none. The cookie lives in the admin's iframe, so it is
 * SameSite=None and Partitioned where the app is served over HTTPS.
 */
export function pageLocale(request: Request, appUrl: string): { locale: Locale; setCookie: string | null } {
  const url = new URL(request.url);
  const param = url.searchParams.get("locale");
  const remembered = /(?:^|;\s*)clv_locale=([a-zA-Z-]+)/.exec(request.headers.get("cookie") ?? "")?.[1] ?? null;
  const locale = pickLocale({ param, remembered, acceptLanguage: request.headers.get("accept-language") });
  const secure = appUrl.startsWith("https:") ? "; SameSite=None; Secure; Partitioned" : "; SameSite=Lax";
  const setCookie = param !== null && locale !== remembered ? `${COOKIE}=${locale}; Path=/; Max-Age=31536000; HttpOnly${secure}` : null;
  return { locale, setCookie };
}
