/**
 * A web process of the app for the soak and crash tests, run with tsx in a child process so that a test can kill it
 * with SIGKILL: the order webhook routes behind a real HTTP socket, and the app's background jobs (applying the
 * deliveries) in the same process unless JOBS_RUN_IN=worker leaves them to `npm run worker`, as the server's entry
 * does (app/entry.server.tsx). Prints "listening <url>" once it answers. Its environment is the test's (the
 * database, the app's secret).
 */
import { startBackgroundWork } from "../../app/background.server.ts";
import { env } from "../../app/env.server.ts";
import { type RouteModule, serveRoutes } from "./route-server.ts";

// Remix's argument types are wider than the server's; the modules are called as Remix calls them.
const route = (load: () => Promise<unknown>) => load as () => Promise<RouteModule>;
const routes: Record<string, () => Promise<RouteModule>> = {
  "/webhooks/orders/create": route(() => import("../../app/routes/webhooks.orders.create.tsx")),
  "/webhooks/orders/updated": route(() => import("../../app/routes/webhooks.orders.updated.tsx")),
};

if (env().JOBS_RUN_IN === "web") await startBackgroundWork();
const server = await serveRoutes((pathname) => routes[pathname], Number(process.env.WEBHOOK_APP_PORT ?? 0));
process.stdout.write(`listening ${server.url}\n`);
