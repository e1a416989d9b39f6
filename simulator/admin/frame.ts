import { ADMIN_LANGUAGES, adminLocale, adminWords } from "./admin-locale.ts";
import { ADMIN_FRAME_SCRIPT } from "./frame-script.ts";

/**
 * A stand-in for the Shopify admin page that embeds the app: an iframe at
 * `${appUrl}/app?embedded=1&shop=<shop>&host=<base64url("admin.shopify.com/store/<name>")>&id_token=<JWT>&locale=<locale>`,
 * the URL Shopify admin loads for an embedded app, beside a left navigation drawn from the app's `ui-nav-menu`
 * (simulator/admin/frame-script.ts).
 */
export function adminHost(shop: string): string {
  return Buffer.from(`admin.shopify.com/store/${storeName(shop)}`).toString("base64url");
}

function storeName(shop: string): string {
  return shop.replace(/\.myshopify\.com$/, "");
}

export const APP_HOME_PATH = "/app";

/** What the admin frame page shows: the staff member's language, and the app page to open (`path`, on the app's origin). */
export interface FrameOptions {
  locale: string;
  path: string;
}

/** The frame page's query: `?locale=ko` (default en), `?path=/app/customers` (default the app's home). */
export function frameOptions(query: URLSearchParams): FrameOptions {
  return { locale: adminLocale(query.get("locale")), path: appPath(query.get("path")) };
}

/** A path with its query on the app's origin; anything else (another origin, `//host`) is the app's home. */
function appPath(path: string | null): string {
  if (!path?.startsWith("/")) return APP_HOME_PATH;
  const base = "http://app.invalid";
  const url = new URL(path, base);
  return url.origin === base ? url.pathname + url.search : APP_HOME_PATH;
}

export function embeddedAppUrl(appUrl: string, shop: string, idToken: string, options: Partial<FrameOptions> = {}): string {
  const url = new URL(options.path ?? APP_HOME_PATH, appUrl);
  url.searchParams.set("embedded", "1");
  url.searchParams.set("shop", shop);
  url.searchParams.set("host", adminHost(shop));
  url.searchParams.set("id_token", idToken);
  url.searchParams.set("locale", options.locale ?? adminLocale(null));
  return url.toString();
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function languageSwitch(framePath: string, current: string, label: string): string {
  const links = ADMIN_LANGUAGES.map(({ locale, name }) => {
    const currentMark = locale === current.split("-")[0] ? ' aria-current="true"' : "";
    return `<a href="${escapeHtml(`${framePath}?locale=${locale}`)}" lang="${locale}" hreflang="${locale}" data-switch-locale="${locale}"${currentMark}>${escapeHtml(name)}</a>`;
  });
  return `<nav class="languages" aria-label="${escapeHtml(label)}">${links.join("")}</nav>`;
}

export function adminFramePage(
  shop: { domain: string; name: string },
  appUrl: string,
  idToken: string,
  options: FrameOptions = frameOptions(new URLSearchParams()),
): string {
  const src = embeddedAppUrl(appUrl, shop.domain, idToken, options);
  const words = adminWords(options.locale);
  const framePath = `/admin/${storeName(shop.domain)}`;
  return `<!doctype html>
<html lang="${escapeHtml(options.locale)}">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>${escapeHtml(shop.name)} · Shopify admin (simulated)</title>
<style>
  html, body { margin: 0; height: 100%; font-family: system-ui, sans-serif; background: #f1f1f1; }
  header { height: 48px; box-sizing: border-box; display: flex; align-items: center; gap: 12px; padding: 0 16px; background: #1a1a1a; color: #e3e3e3; font-size: 14px; }
  header strong { color: #fff; }
  header a { color: #e3e3e3; }
  .languages { margin-left: auto; display: flex; gap: 8px; }
  .languages a[aria-current] { color: #fff; font-weight: 600; text-decoration: none; }
  .admin { display: flex; height: calc(100% - 48px); }
  #app-nav { flex: 0 0 220px; box-sizing: border-box; padding: 12px 8px; background: #ebebeb; border-right: 1px solid #e3e3e3; overflow-y: auto; font-size: 13px; }
  #app-nav ul { list-style: none; margin: 0; padding: 0; }
  #app-nav li:not(.home) { padding-left: 16px; }
  #app-nav a { display: block; padding: 6px 8px; border-radius: 8px; color: #303030; text-decoration: none; }
  #app-nav li.home a { font-weight: 600; }
  #app-nav a:hover { background: #e3e3e3; }
  #app-nav a:focus-visible { outline: 2px solid #005bd3; outline-offset: 1px; }
  #app-nav a[aria-current="page"] { background: #fff; font-weight: 650; }
  iframe { display: block; flex: 1 1 auto; min-width: 0; border: 0; height: 100%; background: #fff; }
</style>
</head>
<body>
<header><strong>${escapeHtml(shop.name)}</strong><a href="${escapeHtml(framePath)}/customers">${escapeHtml(words.customers)}</a><span>${escapeHtml(shop.domain)} · ${escapeHtml(words.simulatedAdmin)}</span>${languageSwitch(framePath, options.locale, words.language)}</header>
<div class="admin">
<nav id="app-nav" aria-label="${escapeHtml(words.appNavigation)}" data-app-origin="${escapeHtml(new URL(appUrl).origin)}" data-frame-path="${escapeHtml(framePath)}" data-locale="${escapeHtml(options.locale)}" data-app-path="${escapeHtml(options.path)}"><ul></ul></nav>
<iframe src="${escapeHtml(src)}" id="app-frame" title="${escapeHtml(words.app)}" allow="clipboard-read; clipboard-write"></iframe>
</div>
<script>${ADMIN_FRAME_SCRIPT}</script>
</body>
</html>
`;
}
