import type { LoaderFunctionArgs } from "@remix-run/node";
import { workProgress } from "../admin/work-progress.server.ts";
import { authenticate } from "../shopify.server.ts";

/** The backfill's and the rescoring's progress as JSON, polled by the pages while either runs (/app/progress). */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return workProgress(session.shop);
};
