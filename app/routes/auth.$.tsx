import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { authenticate, embeddedRoute } from "../shopify.server.ts";

// The library's auth paths: the session-token bounce page and the exit-iframe page, which authenticate.admin throws.
export const loader = embeddedRoute(async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return json(null);
});
