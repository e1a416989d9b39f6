/**
 * Browser code: the simulated admin's stand-in for what Shopify admin gives an admin UI extension, bundled ahead of
 * the extension's module (extension-bundle.ts) and run in the block's frame (admin-block-frame.ts):
 * - the `shopify` global: `extension.target`, `data.selected` (the page's resource), `i18n` over the extension's
 *   locale files in the admin's language (extension-i18n.ts), `auth.idToken()`;
 * - `fetch` of a relative URL resolved against the app's URL, and every request to the app's origin sent with
 *   `Authorization: Bearer <session token>`, the token fetched from the simulator's `/admin/<shop>/id-token`
 *   (shopify.dev admin extensions "Network features");
 * - `s-link` clicks: `app:<path>` opens the app at that path in the admin frame, `shopify:admin/<path>` an admin page;
 * - the frame's height, posted to the page so the block is as tall as its content.
 * The context comes from the frame page as JSON in `<script id="ui-extension-context">`.
 */
import { CONTEXT_ELEMENT_ID, type ExtensionHostContext, HEIGHT_MESSAGE } from "./extension-host-context.ts";
import { extensionI18n } from "./extension-i18n.ts";

const context = JSON.parse(document.getElementById(CONTEXT_ELEMENT_ID)?.textContent ?? "null") as ExtensionHostContext;
const appOrigin = new URL(context.appUrl).origin;
const originalFetch = window.fetch.bind(window);
let cached: { token: string; exp: number } | null = null;

function expiryOf(token: string): number {
  try {
    const payload = (token.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/");
    return Number(JSON.parse(window.atob(payload)).exp) || 0;
  } catch {
    return 0;
  }
}

async function idToken(): Promise<string> {
  if (cached && cached.exp - 10 > Date.now() / 1000) return cached.token;
  const response = await originalFetch(context.idTokenUrl);
  if (!response.ok) throw new Error(`simulated admin: the session token request failed with HTTP ${response.status}`);
  const token = await response.text();
  cached = { token, exp: expiryOf(token) };
  return token;
}

function isAbsolute(url: string): boolean {
  return /^[a-z][a-z\d+.-]*:/i.test(url);
}

/** A string URL may be relative (to the app); a Request is already absolute and goes as it is. */
async function extensionFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = input instanceof Request ? new Request(input, init) : new Request(new URL(String(input), context.appUrl), init);
  if (new URL(request.url).origin !== appOrigin) return originalFetch(request);
  const headers = new Headers(request.headers);
  headers.set("Authorization", `Bearer ${await idToken()}`);
  return originalFetch(new Request(request, { headers }));
}

function linkTarget(href: string): string | null {
  if (href.startsWith("app:")) {
    const path = `/app/${href.slice("app:".length).replace(/^\/+/, "")}`;
    return `${context.adminPath}?locale=${encodeURIComponent(context.locale)}&path=${encodeURIComponent(path)}`;
  }
  if (href.startsWith("shopify:admin/")) return `${context.adminPath}/${href.slice("shopify:admin/".length)}`;
  return isAbsolute(href) ? href : null;
}

document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("s-link[href]") : null;
  const target = link ? linkTarget(link.getAttribute("href") ?? "") : null;
  if (!target) return;
  event.preventDefault();
  if (target.startsWith("/")) window.top?.location.assign(target);
  else window.open(target, "_blank", "noopener");
});

// The body's own height, which shrinks with its content (the document's scroll height never goes below the frame's).
new ResizeObserver(() => {
  window.parent.postMessage({ type: HEIGHT_MESSAGE, height: document.body.getBoundingClientRect().height }, window.location.origin);
}).observe(document.body);

window.fetch = extensionFetch;
Object.assign(globalThis, {
  shopify: {
    extension: { target: context.target },
    data: { selected: [{ id: context.selectedGid }] },
    i18n: extensionI18n(context.locale, context.messages, context.fallbackMessages),
    auth: { idToken },
    query: () => Promise.reject(new Error("simulated admin: shopify.query (direct Admin API access) is not simulated")),
    navigation: { navigate: () => undefined },
  },
});
