import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { adminLocale, adminWords } from "./admin-locale.ts";
import { APP_BRIDGE_STAND_IN } from "./app-bridge.ts";
import { adminFramePage, embeddedAppUrl, frameOptions } from "./frame.ts";
import { ADMIN_FRAME_SCRIPT } from "./frame-script.ts";

const SHOP = { domain: "nav-shop.myshopify.com", name: "Nav <Shop>" };
const APP_URL = "http://127.0.0.1:3999";
const SIMULATOR = "http://127.0.0.1:4000";

function page(query = ""): string {
  return adminFramePage(SHOP, APP_URL, "header.payload.signature", frameOptions(new URLSearchParams(query)));
}

function iframeSrc(html: string): URL {
  return new URL((/<iframe src="([^"]+)"/.exec(html)?.[1] ?? "").replaceAll("&#38;", "&"));
}

describe("admin frame page", () => {
  it("has the app navigation container beside the iframe, in English by default", () => {
    const html = page();
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<nav id="app-nav" aria-label="App navigation" data-app-origin="http:\/\/127\.0\.0\.1:3999" [^>]*><ul><\/ul><\/nav>/);
    expect(html).toContain(">Customers</a>");
    expect(html).toContain("Nav &#60;Shop&#62;");
    const src = iframeSrc(html);
    expect(src.pathname).toBe("/app");
    expect(Object.fromEntries(src.searchParams)).toMatchObject({ embedded: "1", shop: SHOP.domain, locale: "en" });
  });

  it("speaks the staff member's language: lang, its own words, the app URL's locale, the language switch", () => {
    const html = page("locale=ko");
    expect(html).toContain('<html lang="ko">');
    expect(html).toContain('aria-label="앱 탐색"');
    expect(html).toContain(">고객</a>");
    expect(html).toContain("Shopify 관리자 시뮬레이션");
    expect(iframeSrc(html).searchParams.get("locale")).toBe("ko");
    expect(html).toContain('<nav class="languages" aria-label="언어">');
    expect(html).toContain('<a href="/admin/nav-shop?locale=en" lang="en" hreflang="en" data-switch-locale="en">English</a>');
    expect(html).toContain('<a href="/admin/nav-shop?locale=ko" lang="ko" hreflang="ko" data-switch-locale="ko" aria-current="true">한국어</a>');
  });

  it("passes any language tag on to the app, in English words when the frame does not speak it, and refuses other values", () => {
    expect(iframeSrc(page("locale=pt-BR")).searchParams.get("locale")).toBe("pt-BR");
    expect(page("locale=pt-BR")).toContain('aria-label="App navigation"');
    expect(adminWords("ko-KR").customers).toBe("고객");
    expect(adminLocale('"><script>')).toBe("en");
    expect(page("locale=%22%3E%3Cscript%3E")).toContain('<html lang="en">');
  });

  it("opens the app page of ?path= on the app's origin, and the app's home for anything else", () => {
    expect(iframeSrc(page("path=/app/customers%3Fsegment%3DLoyal")).pathname).toBe("/app/customers");
    expect(iframeSrc(page("path=/app/customers%3Fsegment%3DLoyal")).searchParams.get("segment")).toBe("Loyal");
    for (const path of ["//evil.example/app", "https://evil.example/app", "/\\evil.example", "app/customers"]) {
      const src = iframeSrc(page(`path=${encodeURIComponent(path)}`));
      expect(src.origin + src.pathname).toBe(`${APP_URL}/app`);
    }
    expect(new URL(embeddedAppUrl(APP_URL, SHOP.domain, "t")).searchParams.get("locale")).toBe("en");
  });
});

interface FrameApi {
  escapeHtml(text: string): string;
  navLinks(value: unknown): { label: string; href: string; home: boolean }[];
  currentHref(links: { href: string }[], path: string): string | null;
  frameHref(framePath: string, locale: string, appPath: string, home: string): string;
  navHtml(links: { label: string; href: string; home: boolean }[], appPath: string, framePath: string, locale: string): string;
}

describe("admin frame script (pure part)", () => {
  const api = runInNewContext(ADMIN_FRAME_SCRIPT, {}) as FrameApi;
  const links = [
    { label: "Dashboard", href: "/app", home: true },
    { label: "Customers", href: "/app/customers", home: false },
    { label: "Settings", href: "/app/settings", home: false },
  ];

  it("turns the posted links into list items, escaping labels and hrefs, the current page marked", () => {
    const html = api.navHtml([...links, { label: '<img src=x onerror="alert(1)">', href: '/app/"x"', home: false }], "/app/customers/42", "/admin/nav-shop", "ko");
    expect(html).toBe(
      '<li class="home"><a href="/admin/nav-shop?locale=ko" data-app-href="/app">Dashboard</a></li>' +
        '<li><a href="/admin/nav-shop?locale=ko&#38;path=%2Fapp%2Fcustomers" data-app-href="/app/customers" aria-current="page">Customers</a></li>' +
        '<li><a href="/admin/nav-shop?locale=ko&#38;path=%2Fapp%2Fsettings" data-app-href="/app/settings">Settings</a></li>' +
        '<li><a href="/admin/nav-shop?locale=ko&#38;path=%2Fapp%2F%22x%22" data-app-href="/app/&#34;x&#34;">&#60;img src=x onerror=&#34;alert(1)&#34;&#62;</a></li>',
    );
  });

  it("marks the longest link that is the page or a folder above it", () => {
    expect(api.currentHref(links, "/app")).toBe("/app");
    expect(api.currentHref(links, "/app/customers?segment=Loyal")).toBe("/app/customers");
    expect(api.currentHref(links, "/app/customers/7")).toBe("/app/customers");
    expect(api.currentHref(links, "/app/customersx")).toBe("/app");
    expect(api.currentHref(links, "/auth/login")).toBeNull();
  });

  it("keeps only well-formed links on the app's origin", () => {
    const posted = [
      { label: "Ok", href: "/app/ok", home: "yes" },
      { label: "Other origin", href: "//evil.example/x" },
      { label: "Backslash", href: "/\\evil.example" },
      { label: "Script", href: "javascript:alert(1)" },
      { label: 3, href: "/app/n" },
      null,
    ];
    expect(api.navLinks(posted)).toEqual([{ label: "Ok", href: "/app/ok", home: false }]);
    expect(api.navLinks("nope")).toEqual([]);
  });
});

/** A browser just large enough for the stand-in's navigation part: one menu, events, history, a parent window. */
function fakeBrowser(location: string, initialMenu: { href: string; rel?: string; text: string }[], routerHandles: boolean) {
  const menu = [...initialMenu];
  const here = new URL(location);
  const posted: { message: Record<string, unknown>; origin: string }[] = [];
  const assigned: string[] = [];
  const clicked: string[] = [];
  const listeners = new Map<string, ((event: unknown) => void)[]>();
  const observers: (() => void)[] = [];
  const sheets: string[] = [];
  const storage = new Map<string, string>();

  class FakeEvent {
    type: string;
    defaultPrevented = false;
    constructor(type: string) {
      this.type = type;
    }
    preventDefault() {
      this.defaultPrevented = true;
    }
  }
  const anchor = (link: (typeof menu)[number]) => ({
    textContent: ` ${link.text}\n `,
    getAttribute: (name: string) => (name === "href" ? link.href : name === "rel" ? (link.rel ?? null) : null),
    dispatchEvent(event: FakeEvent) {
      clicked.push(link.href);
      if (routerHandles) event.preventDefault();
      for (const listener of listeners.get(event.type) ?? []) listener(event);
      return !event.defaultPrevented;
    },
  });
  const parent = { postMessage: (message: Record<string, unknown>, origin: string) => posted.push({ message: structuredClone(message), origin }) };
  const history = {
    pushState(_state: unknown, _title: string, url: string) {
      const next = new URL(url, window.location.href);
      window.location.href = next.href;
      window.location.search = next.search;
    },
    replaceState() {},
  };
  const window: {
    location: { search: string; href: string; origin: string; replace(to: string): void; assign(to: string): void };
    history: typeof history;
    shopify?: { config: { locale: string } };
    [name: string]: unknown;
  } = {
    location: { search: here.search, href: here.href, origin: here.origin, replace: () => {}, assign: (to: string) => assigned.push(to) },
    sessionStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => storage.set(k, v) },
    atob: (s: string) => Buffer.from(s, "base64").toString("binary"),
    setTimeout,
    fetch: async () => new Response("ok"),
    parent,
    history,
    addEventListener: (type: string, listener: (event: unknown) => void) => listeners.set(type, [...(listeners.get(type) ?? []), listener]),
    removeEventListener: (type: string, listener: (event: unknown) => void) =>
      listeners.set(
        type,
        (listeners.get(type) ?? []).filter((l) => l !== listener),
      ),
  };
  const document = {
    currentScript: { src: `${SIMULATOR}/app-bridge.js`, getAttribute: () => "nav-app" },
    documentElement: {},
    adoptedStyleSheets: [] as unknown[],
    querySelector: (selector: string) => (selector === "ui-nav-menu" && menu.length ? { querySelectorAll: () => menu.map(anchor) } : null),
  };
  class CSSStyleSheet {
    replaceSync(css: string) {
      sheets.push(css);
    }
  }
  class MutationObserver {
    callback: () => void;
    constructor(callback: () => void) {
      this.callback = callback;
    }
    observe() {
      observers.push(this.callback);
    }
  }
  const context = {
    window,
    document,
    URL,
    URLSearchParams,
    Request,
    Headers,
    Response,
    Promise,
    JSON,
    Date,
    Error,
    String,
    Array,
    MutationObserver,
    CSSStyleSheet,
    MouseEvent: FakeEvent,
  };
  runInNewContext(APP_BRIDGE_STAND_IN, context);
  const message = (data: unknown, origin = SIMULATOR, source: unknown = parent) => {
    for (const listener of listeners.get("message") ?? []) listener({ data, origin, source });
  };
  return { window, posted, assigned, clicked, sheets, observers, message, menu };
}

describe("app-bridge stand-in: ui-nav-menu", () => {
  const MENU = [
    { href: "/app", rel: "home", text: "Dashboard" },
    { href: "/app/customers", text: "Customers" },
    { href: "https://elsewhere.example/x", text: "Elsewhere" },
  ];
  const APP_PAGE = `${APP_URL}/app?embedded=1&shop=${SHOP.domain}&host=aG9zdA&id_token=x.y.z&locale=ko`;

  it("hides the menu, posts its links and the app's path to the admin frame, and reports the admin's locale", () => {
    const browser = fakeBrowser(APP_PAGE, MENU, true);
    expect(browser.sheets).toEqual(["ui-nav-menu { display: none !important; }"]);
    expect(browser.window.shopify?.config.locale).toBe("ko");
    expect(browser.posted).toEqual([
      {
        origin: SIMULATOR,
        message: {
          source: "simulator-app-bridge",
          type: "nav-menu",
          links: [
            { label: "Dashboard", href: "/app", home: true },
            { label: "Customers", href: "/app/customers", home: false },
          ],
        },
      },
      { origin: SIMULATOR, message: { source: "simulator-app-bridge", type: "location", path: "/app" } },
    ]);

    browser.menu.push({ href: "/app/settings", text: "Settings" });
    for (const changed of browser.observers) changed();
    for (const unchanged of browser.observers) unchanged();
    expect(browser.posted.slice(2).map((p) => p.message.type)).toEqual(["nav-menu"]);

    browser.window.history.pushState(null, "", "/app/customers?segment=Loyal");
    expect(browser.posted.at(-1)?.message).toEqual({ source: "simulator-app-bridge", type: "location", path: "/app/customers?segment=Loyal" });
  });

  it("navigates on the frame's message by clicking the menu's link, which the app's router handles", () => {
    const browser = fakeBrowser(APP_PAGE, MENU, true);
    browser.message({ source: "simulator-admin", type: "navigate", href: "/app/customers" });
    expect(browser.clicked).toEqual(["/app/customers"]);
    expect(browser.assigned).toEqual([]);
  });

  it("loads the page with shop, host, embedded and locale kept when no router handles the click", () => {
    const browser = fakeBrowser(APP_PAGE, MENU, false);
    browser.message({ source: "simulator-admin", type: "navigate", href: "/app/customers" });
    expect(browser.clicked).toEqual(["/app/customers"]);
    expect(browser.assigned).toHaveLength(1);
    const url = new URL(browser.assigned[0] ?? "");
    expect(url.origin + url.pathname).toBe(`${APP_URL}/app/customers`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ shop: SHOP.domain, host: "aG9zdA", embedded: "1", locale: "ko" });
  });

  it("ignores messages from other origins or windows, and hrefs off the app's origin", () => {
    const browser = fakeBrowser(APP_PAGE, MENU, false);
    browser.message({ source: "simulator-admin", type: "navigate", href: "/app/customers" }, "http://evil.example");
    browser.message({ source: "simulator-admin", type: "navigate", href: "/app/customers" }, SIMULATOR, {});
    browser.message({ source: "simulator-admin", type: "navigate", href: "https://evil.example/app" });
    browser.message({ source: "simulator-admin", type: "navigate", href: "//evil.example/app" });
    expect([browser.clicked, browser.assigned]).toEqual([[], []]);
  });
});
