import type { ActionFunctionArgs } from "@remix-run/node";
import { requestRescore } from "../scoring-jobs/jobs.server.ts";
import { authenticate } from "../shopify.server.ts";

/** "Rescore now" (POST /app/rescore): the session's shop is rescored as soon as the job runs, once however often asked. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  await requestRescore(session.shop, new Date());
  return { queued: true };
};
