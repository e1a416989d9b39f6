import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { workProgress } from "../admin/work-progress.server.ts";
import { authenticate, embeddedRoute } from "../shopify.server.ts";

/** The backfill's and the rescoring's progress as JSON, polled by the pages while either runs (/app/progress). */
export const loader = embeddedRoute(async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await workProgress(session.shop));
});
