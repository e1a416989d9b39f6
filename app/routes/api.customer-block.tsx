import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { customerBlock } from "../persistence/customer-block.server.ts";
import { apiRoute, authenticate } from "../shopify.server.ts";

// The block on Shopify's customer details page (extensions/customer-block) asks here, with the admin's session token
// as a Bearer header; authenticate.admin answers the CORS preflight (OPTIONS) itself. Every answer, a refusal too,
// carries the headers of data that no page frames (apiRoute). Remix's json(), not Response.json: remix-serve installs
// a fetch polyfill whose Response has no static json().
const Query = z.object({
  id: z.string({ required_error: "id is required" }).regex(/^gid:\/\/shopify\/Customer\/[1-9]\d{0,19}$/, "id must be a customer GID, gid://shopify/Customer/<id>"),
});

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  const { session, cors } = await authenticate.admin(request);
  const query = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return cors(json({ error: query.error.issues.map((issue) => issue.message).join("; ") }, { status: 400 }));
  return cors(json(await customerBlock(session.shop, query.data.id, new Date())));
});
