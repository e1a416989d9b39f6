/**
 * A minimal stand-in for `https://cdn.shopify.com/shopifycloud/app-bridge.js`, served by the simulator at
 * `/app-bridge.js`, so the embedded app works in a browser without Shopify admin:
 * - `shopify.idToken()` resolves to a fresh session token fetched from the simulator (`/admin/<shop>/id-token`);
 * - `fetch` to the app's own origin carries `Authorization: Bearer <token>`, and is retried once with a new
 *   token when the app answers 401 with `X-Shopify-Retry-Invalid-Session-Request: 1`;
 * - on the app's session-token bounce page (`?shopify-reload=<url>`) it reloads that URL with `id_token`;
 * - `shopify.config.locale` is the admin's language, the `locale` parameter of the app URL (default `en`);
 * - `ui-nav-menu` stays invisible in the app; inside the admin frame (simulator/admin/frame-script.ts) its links and
 *   the app's current path are posted to the frame, which draws them as the admin's left navigation; a click there
 *   comes back as a `navigate` message: the stand-in clicks the menu's matching link, so a router link (Remix's
 *   `<Link>`) navigates in the app, and when nothing handles the click it loads the page with the `shop`, `host`,
 *   `embedded` and `locale` parameters kept;
 * - `shopify.toast.show`, `shopify.loading` and `shopify.config` exist so app code that calls them runs.
 */
export const APP_BRIDGE_STAND_IN = String.raw`(function () {
  "use strict";
  var script = document.currentScript;
  var simulatorOrigin = script && script.src ? new URL(script.src).origin : window.location.origin;
  var meta = document.querySelector('meta[name="shopify-api-key"]');
  var apiKey = (script && script.getAttribute("data-api-key")) || (meta && meta.getAttribute("content")) || "";
  var params = new URLSearchParams(window.location.search);
  var ADMIN_PARAMS = ["shop", "host", "embedded", "locale"];
  ADMIN_PARAMS.forEach(function (name) {
    if (params.get(name)) window.sessionStorage.setItem("simulator-" + name, params.get(name));
  });
  /** An admin parameter of the app URL, or the one the first page of this tab had (client routing drops them). */
  function adminParam(name) {
    return params.get(name) || window.sessionStorage.getItem("simulator-" + name);
  }
  var shop = adminParam("shop");
  var host = adminParam("host");
  var locale = adminParam("locale") || "en";

  var originalFetch = window.fetch.bind(window);
  var cached = null;

  function expiryOf(token) {
    try {
      var payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      return JSON.parse(window.atob(payload)).exp || 0;
    } catch (e) {
      return 0;
    }
  }

  function idToken() {
    var now = Date.now() / 1000;
    if (cached && cached.exp - 10 > now) return Promise.resolve(cached.token);
    if (!shop) return Promise.reject(new Error("app-bridge stand-in: no shop parameter in the app URL"));
    return originalFetch(simulatorOrigin + "/admin/" + encodeURIComponent(shop) + "/id-token")
      .then(function (response) {
        if (!response.ok) throw new Error("app-bridge stand-in: id token request failed with " + response.status);
        return response.text();
      })
      .then(function (token) {
        cached = { token: token, exp: expiryOf(token) };
        return token;
      });
  }

  window.fetch = function (input, init) {
    var request = input instanceof Request ? new Request(input, init) : new Request(new URL(String(input), window.location.href).toString(), init);
    if (new URL(request.url).origin !== window.location.origin) return originalFetch(request);
    var retry = request.clone();
    function send(req, token) {
      var headers = new Headers(req.headers);
      headers.set("Authorization", "Bearer " + token);
      return originalFetch(new Request(req, { headers: headers }));
    }
    return idToken().then(function (token) {
      return send(request, token).then(function (response) {
        if (response.status === 401 && response.headers.get("X-Shopify-Retry-Invalid-Session-Request") === "1") {
          cached = null;
          return idToken().then(function (fresh) { return send(retry, fresh); });
        }
        return response;
      });
    });
  };

  var reload = params.get("shopify-reload");
  if (reload) {
    idToken().then(function (token) {
      var target = new URL(reload, window.location.href);
      target.searchParams.set("id_token", token);
      window.location.replace(target.toString());
    });
  }

  function toast(message, options) {
    var el = document.createElement("div");
    el.textContent = message;
    el.setAttribute("role", "status");
    el.style.cssText = "position:fixed;left:50%;bottom:24px;transform:translateX(-50%);padding:10px 16px;border-radius:8px;font:14px system-ui,sans-serif;z-index:2147483647;color:#fff;background:" + (options && options.isError ? "#8e1f0b" : "#303030");
    document.body.appendChild(el);
    window.setTimeout(function () { el.remove(); }, (options && options.duration) || 4000);
    return String(Date.now());
  }

  // ---- ui-nav-menu: the admin's left navigation (simulator/admin/frame-script.ts) ----

  var inAdminFrame = window.parent && window.parent !== window;

  function toAdmin(message) {
    if (!inAdminFrame) return;
    message.source = "simulator-app-bridge";
    window.parent.postMessage(message, simulatorOrigin);
  }

  function hideNavMenu() {
    var css = "ui-nav-menu { display: none !important; }";
    // A constructed sheet leaves the document's nodes alone, so React's hydration of <head> sees no stranger.
    if (typeof CSSStyleSheet === "function" && document.adoptedStyleSheets) {
      try {
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
        document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
        return;
      } catch (e) {}
    }
    var style = document.createElement("style");
    style.textContent = css;
    (document.head || document.documentElement).appendChild(style);
  }

  function menuAnchors() {
    var menu = document.querySelector("ui-nav-menu");
    return menu ? Array.prototype.slice.call(menu.querySelectorAll("a[href]")) : [];
  }

  function sameOriginUrl(href) {
    try {
      var url = new URL(href, window.location.href);
      return url.origin === window.location.origin ? url : null;
    } catch (e) {
      return null;
    }
  }

  function navMenuLinks() {
    var links = [];
    menuAnchors().forEach(function (a) {
      var url = sameOriginUrl(a.getAttribute("href"));
      if (!url) return;
      links.push({
        label: (a.textContent || "").replace(/\s+/g, " ").trim(),
        href: url.pathname + url.search,
        home: (a.getAttribute("rel") || "").split(/\s+/).indexOf("home") !== -1,
      });
    });
    return links;
  }

  var postedLinks = null;
  function reportNavMenu() {
    var links = navMenuLinks();
    var json = JSON.stringify(links);
    if (json === postedLinks) return;
    postedLinks = json;
    toAdmin({ type: "nav-menu", links: links });
  }

  var ADMIN_ONLY_PARAMS = ADMIN_PARAMS.concat(["id_token", "hmac", "timestamp", "session"]);
  var postedPath = null;
  function reportLocation() {
    var url = new URL(window.location.href);
    ADMIN_ONLY_PARAMS.forEach(function (name) { url.searchParams.delete(name); });
    var path = url.pathname + url.search;
    if (path === postedPath) return;
    postedPath = path;
    toAdmin({ type: "location", path: path });
  }

  function loadPage(url) {
    ADMIN_PARAMS.forEach(function (name) {
      var value = adminParam(name);
      if (value && !url.searchParams.has(name)) url.searchParams.set(name, value);
    });
    window.location.assign(url.toString());
  }

  function navigate(href) {
    var target = sameOriginUrl(href);
    if (!target) return;
    var anchor = menuAnchors().filter(function (a) {
      var url = sameOriginUrl(a.getAttribute("href"));
      return url && url.pathname + url.search === target.pathname + target.search;
    })[0];
    if (!anchor) return loadPage(target);
    // The app's router handles the click (and prevents its default) or, once it has bubbled up unhandled, we load the page.
    function unhandled(event) {
      if (event.defaultPrevented) return;
      event.preventDefault();
      loadPage(target);
    }
    window.addEventListener("click", unhandled);
    try {
      anchor.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, button: 0, view: window }));
    } finally {
      window.removeEventListener("click", unhandled);
    }
  }

  if (typeof MutationObserver === "function") {
    hideNavMenu();
    ["pushState", "replaceState"].forEach(function (name) {
      var original = window.history[name];
      window.history[name] = function () {
        var result = original.apply(window.history, arguments);
        reportLocation();
        return result;
      };
    });
    window.addEventListener("popstate", reportLocation);
    window.addEventListener("message", function (event) {
      if (event.source !== window.parent || event.origin !== simulatorOrigin) return;
      var data = event.data;
      if (data && data.source === "simulator-admin" && data.type === "navigate" && typeof data.href === "string") navigate(data.href);
    });
    new MutationObserver(reportNavMenu).observe(document.documentElement, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ["href", "rel"],
    });
    reportNavMenu();
    reportLocation();
  }

  window.shopify = {
    config: { apiKey: apiKey, shop: shop, host: host, locale: locale },
    environment: { embedded: true, mobile: false, pos: false },
    idToken: idToken,
    toast: { show: toast, hide: function () {} },
    loading: function () {},
    ready: Promise.resolve(),
    origin: simulatorOrigin,
  };
})();
`;
