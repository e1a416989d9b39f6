/**
 * A minimal stand-in for `https://cdn.shopify.com/shopifycloud/app-bridge.js`, served by the simulator at
 * `/app-bridge.js`, so the embedded app works in a browser without Shopify admin:
 * - `shopify.idToken()` resolves to a fresh session token fetched from the simulator (`/admin/<shop>/id-token`);
 * - `fetch` to the app's own origin carries `Authorization: Bearer <token>`, and is retried once with a new
 *   token when the app answers 401 with `X-Shopify-Retry-Invalid-Session-Request: 1`;
 * - on the app's session-token bounce page (`?shopify-reload=<url>`) it reloads that URL with `id_token`;
 * - `shopify.toast.show`, `shopify.loading` and `shopify.config` exist so app code that calls them runs.
 */
export const APP_BRIDGE_STAND_IN = String.raw`(function () {
  "use strict";
  var script = document.currentScript;
  var simulatorOrigin = script && script.src ? new URL(script.src).origin : window.location.origin;
  var meta = document.querySelector('meta[name="shopify-api-key"]');
  var apiKey = (script && script.getAttribute("data-api-key")) || (meta && meta.getAttribute("content")) || "";
  var params = new URLSearchParams(window.location.search);
  var shop = params.get("shop") || window.sessionStorage.getItem("simulator-shop");
  var host = params.get("host") || window.sessionStorage.getItem("simulator-host");
  if (params.get("shop")) window.sessionStorage.setItem("simulator-shop", params.get("shop"));
  if (params.get("host")) window.sessionStorage.setItem("simulator-host", params.get("host"));

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

  window.shopify = {
    config: { apiKey: apiKey, shop: shop, host: host, locale: "en" },
    environment: { embedded: true, mobile: false, pos: false },
    idToken: idToken,
    toast: { show: toast, hide: function () {} },
    loading: function () {},
    ready: Promise.resolve(),
    origin: simulatorOrigin,
  };
})();
`;
