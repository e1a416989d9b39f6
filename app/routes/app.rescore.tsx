import type { ActionFunctionArgs } from "@remix-run/node";
import { requestRescore } from "../scoring-jobs/jobs.server.ts";
import { authenticate } from "../shopify.server.ts";

/** "Rescore now" (POST /app/rescore): the session's shop is rescored as soon as the job runs, once however often asked. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const now = new Date();
  await requestRescore(session.shop, now);
  return { queued: true, at: now.toISOString() };
};
