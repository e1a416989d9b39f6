import type { LoaderFunctionArgs } from "@remix-run/node";
import { findDataRequest } from "../persistence/shop-overview.server.ts";
import { authenticate, embeddedRoute } from "../shopify.server.ts";

/** Downloads a customers/data_request export; only the shop that received the request can. */
export const loader = embeddedRoute(async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const found = await findDataRequest(session.shop, params.id);
  if (!found) throw new Response("Not found", { status: 404 });
  return new Response(found.document, {
    headers: {
      "Content-Type": "application/json",
      "Content-Disposition": `attachment; filename="data-request-${found.requestId}.json"`,
    },
  });
});
