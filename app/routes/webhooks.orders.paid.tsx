import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook, webhookLoader } from "../webhooks/receive.server.ts";

/** orders/paid: verified, stored in the inbox, applied off the request path. */
export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request, "orders/paid");
export const loader = webhookLoader;
