import { type AppServer, type RouteModule, serveRoutes } from "./route-server.ts";

export type { AppServer };

const routes = import.meta.glob<RouteModule>("../../app/routes/*.tsx");

/** Flat-route file for a static path: /webhooks/orders/create -> webhooks.orders.create.tsx */
function moduleFor(pathname: string): (() => Promise<RouteModule>) | undefined {
  return routes[`../../app/routes/${pathname.replace(/^\//, "").replaceAll("/", ".")}.tsx`];
}

/**
 * The app's route modules behind a real HTTP socket, so that the store simulator can deliver
 * webhooks to them. Static paths only; the route's own action or loader answers, and a thrown
 * Response (a 401 from authenticate.webhook) is the answer too.
 */
export async function startAppServer(port = 0): Promise<AppServer> {
  return serveRoutes((pathname) => moduleFor(pathname), port);
}
