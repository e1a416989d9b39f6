import type { LoaderFunctionArgs } from "@remix-run/node";
import { pushAuditCsv } from "../loyalty/audit-log.server.ts";
import { authenticate, embeddedRoute } from "../shopify.server.ts";

/** Downloads the session's shop's push audit log of the last 90 days as CSV, streamed (/app/audit.csv). */
export const loader = embeddedRoute(async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { filename, body } = pushAuditCsv(session.shop, new Date());
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
});
