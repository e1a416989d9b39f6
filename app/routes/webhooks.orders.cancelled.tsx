import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook, webhookLoader } from "../webhooks/receive.server.ts";

/** orders/cancelled: verified, stored in the inbox, applied off the request path. */
export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request, "orders/cancelled");
export const loader = webhookLoader;
