import { type ActionFunctionArgs, json } from "@remix-run/node";
import { requestRescore } from "../scoring-jobs/jobs.server.ts";
import { authenticate, embeddedRoute } from "../shopify.server.ts";

/** "Rescore now" (POST /app/rescore): the session's shop is rescored as soon as the job runs, once however often asked. */
export const action = embeddedRoute(async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const now = new Date();
  await requestRescore(session.shop, now);
  return json({ queued: true, at: now.toISOString() });
});
