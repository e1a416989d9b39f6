import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { embeddedRoute } from "../shopify.server.ts";

// Shopify admin opens the app at its root with ?shop=&host=; the embedded pages live under /app.
export const loader = embeddedRoute(async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  return redirect(`/app${url.search}`);
});
