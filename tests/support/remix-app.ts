/**
 * The whole app as Remix serves it, in the test's process: the routes of app/routes (found by Remix's own flat-route
 * convention, with root.tsx above them), app/entry.server.tsx, and Remix's request handler, so that a request passes
 * where a real one does (entry.server's handleRequest and handleDataRequest, error boundaries, resource routes) and
 * the answer is the one that leaves the app. Nothing is bundled: the modules are the test's own, so the database and
 * the Shopify client routed to the simulator are the ones the test set up. No client assets exist; pages render with
 * placeholder script URLs.
 */
import { resolve } from "node:path";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import type { RouteManifest } from "@remix-run/dev/dist/config/routes.js";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";

type RouteModule = ServerBuild["routes"][string]["module"];

const modules = import.meta.glob<RouteModule>(["../../app/root.tsx", "../../app/routes/*.tsx"]);
const appDirectory = resolve(import.meta.dirname, "../../app");
// As vite.config.ts gives them to the Remix plugin.
const IGNORED_ROUTE_FILES = ["**/.*", "**/*.test.ts", "**/*.test.tsx"];
const FUTURE = {
  v3_fetcherPersist: true,
  v3_relativeSplatPath: true,
  v3_throwAbortReason: true,
  v3_lazyRouteDiscovery: true,
  v3_singleFetch: false,
  v3_routeConfig: false,
  unstable_optimizeDeps: false,
} as const;

/** The route files of app/routes, by Remix route id ("routes/app.settings"). */
export function routeFiles(): Record<string, string> {
  return Object.fromEntries(Object.values(flatRoutes(appDirectory, IGNORED_ROUTE_FILES)).map((route) => [route.id, route.file]));
}

/** Remix's request handler over the app, in production mode as `npm start` runs it. */
export async function remixApp(): Promise<(request: Request) => Promise<Response>> {
  const routes: RouteManifest = { root: { id: "root", path: "", file: "root.tsx" }, ...flatRoutes(appDirectory, IGNORED_ROUTE_FILES) };
  const server: ServerBuild["routes"] = {};
  const assets: ServerBuild["assets"] = { entry: { module: "/assets/entry.client.js", imports: [] }, routes: {}, url: "/assets/manifest.js", version: "test" };
  for (const route of Object.values(routes)) {
    const load = modules[`../../app/${route.file}`];
    if (!load) throw new Error(`No module for route ${route.id} (${route.file})`);
    const module = await load();
    const parentId = route.id === "root" ? undefined : (route.parentId ?? "root");
    const shape = { id: route.id, path: route.path, index: route.index, caseSensitive: route.caseSensitive, ...(parentId ? { parentId } : {}) };
    server[route.id] = { ...shape, module };
    assets.routes[route.id] = {
      ...shape,
      module: `/assets/${route.id}.js`,
      hasAction: typeof module.action === "function",
      hasLoader: typeof module.loader === "function",
      hasClientAction: false,
      hasClientLoader: false,
      hasErrorBoundary: typeof module.ErrorBoundary === "function",
      imports: [],
      css: [],
    };
  }
  // The tests run the app's jobs themselves (settle()); the entry must not start the web process's job engine.
  globalThis.__backgroundStarted = true;
  const entry = await import("../../app/entry.server.tsx");
  const build: ServerBuild = {
    mode: "production",
    entry: { module: entry },
    routes: server,
    assets,
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    future: FUTURE,
    isSpaMode: false,
  };
  const handler = createRequestHandler(build, "production");
  return (request) => handler(request);
}
