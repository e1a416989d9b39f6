import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { customersCsv } from "../admin/customers-page.server.ts";
import { authenticate, embeddedRoute } from "../shopify.server.ts";

/** The filtered customers list as CSV, streamed (/app/customers.csv with the list's filters). */
export const loader = embeddedRoute(async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const csv = await customersCsv(admin, session.shop, new URL(request.url), new Date());
  if (!csv.ok) return json({ errors: csv.errors }, { status: 400 });
  return new Response(csv.body, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${csv.filename}"`, "Cache-Control": "no-store" },
  });
});
