/**
 * The simulated admin frame's script (browser JavaScript, served inline in the frame page): draws the app's
 * navigation from the `ui-nav-menu` links that the app-bridge stand-in posts from the app iframe, marks the link of
 * the app's current page, asks the iframe to navigate when a link is clicked, and keeps the frame's URL (`?path=`)
 * on the app's page so a reload or a language switch stays there.
 *
 * Messages (`postMessage`, checked by origin and source window on both sides):
 * - app iframe to frame: `{source: "simulator-app-bridge", type: "nav-menu", links: [{label, href, home}]}`, hrefs
 *   relative to the app origin; `{source: "simulator-app-bridge", type: "location", path}`;
 * - frame to app iframe: `{source: "simulator-admin", type: "navigate", href}`.
 *
 * Without a `document` (tests) the script only returns its pure functions.
 */
export const ADMIN_FRAME_SCRIPT = String.raw`(function () {
  "use strict";

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }

  /** The posted links that are well formed: a label, and a path on the app's origin. */
  function navLinks(value) {
    if (!Array.isArray(value)) return [];
    return value
      .filter(function (link) {
        return link && typeof link.label === "string" && typeof link.href === "string" && /^\/(?![\/\\])/.test(link.href);
      })
      .map(function (link) { return { label: link.label, href: link.href, home: link.home === true }; });
  }

  function pathOf(href) {
    return href.split(/[?#]/)[0];
  }

  /** The link of the app page at path: the longest link path that is the page or a folder above it, else null. */
  function currentHref(links, path) {
    var page = pathOf(path);
    var best = null;
    var bestLength = -1;
    links.forEach(function (link) {
      var linkPath = pathOf(link.href);
      var folder = linkPath.replace(/\/$/, "") + "/";
      if ((page === linkPath || page.indexOf(folder) === 0) && linkPath.length > bestLength) {
        best = link.href;
        bestLength = linkPath.length;
      }
    });
    return best;
  }

  function homeHref(links) {
    var home = links.filter(function (link) { return link.home; })[0];
    return home ? home.href : "/app";
  }

  /** The admin frame URL that shows the app page at appPath in locale (the app's home needs no path). */
  function frameHref(framePath, locale, appPath, home) {
    var query = "?locale=" + encodeURIComponent(locale);
    if (appPath && appPath !== home) query += "&path=" + encodeURIComponent(appPath);
    return framePath + query;
  }

  /** The list items of the navigation, the current page's link marked aria-current="page". */
  function navHtml(links, appPath, framePath, locale) {
    var current = currentHref(links, appPath);
    var home = homeHref(links);
    return links
      .map(function (link) {
        return (
          "<li" + (link.home ? ' class="home"' : "") + ">" +
          '<a href="' + escapeHtml(frameHref(framePath, locale, link.href, home)) + '" data-app-href="' + escapeHtml(link.href) + '"' +
          (link.href === current ? ' aria-current="page"' : "") + ">" + escapeHtml(link.label) + "</a></li>"
        );
      })
      .join("");
  }

  var api = { escapeHtml: escapeHtml, navLinks: navLinks, currentHref: currentHref, frameHref: frameHref, navHtml: navHtml };
  if (typeof document === "undefined") return api;

  var nav = document.getElementById("app-nav");
  var list = nav.querySelector("ul");
  var iframe = document.getElementById("app-frame");
  var appOrigin = nav.getAttribute("data-app-origin");
  var framePath = nav.getAttribute("data-frame-path");
  var locale = nav.getAttribute("data-locale");
  var appPath = nav.getAttribute("data-app-path");
  var links = [];

  function render() {
    list.innerHTML = navHtml(links, appPath, framePath, locale);
    var home = homeHref(links);
    Array.prototype.forEach.call(document.querySelectorAll("a[data-switch-locale]"), function (a) {
      a.setAttribute("href", frameHref(framePath, a.getAttribute("data-switch-locale"), appPath, home));
    });
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== appOrigin || event.source !== iframe.contentWindow) return;
    var data = event.data;
    if (!data || data.source !== "simulator-app-bridge") return;
    if (data.type === "nav-menu") {
      links = navLinks(data.links);
      render();
    } else if (data.type === "location" && typeof data.path === "string" && /^\/(?![\/\\])/.test(data.path)) {
      appPath = data.path;
      render();
      window.history.replaceState(null, "", frameHref(framePath, locale, appPath, homeHref(links)));
    }
  });

  list.addEventListener("click", function (event) {
    var a = event.target && event.target.closest ? event.target.closest("a[data-app-href]") : null;
    if (!a || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    iframe.contentWindow.postMessage({ source: "simulator-admin", type: "navigate", href: a.getAttribute("data-app-href") }, appOrigin);
  });
})();
`;
