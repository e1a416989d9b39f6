import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook, webhookLoader } from "../webhooks/receive.server.ts";

/** bulk_operations/finish: verified, stored in the inbox, applied off the request path. */
export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request, "bulk_operations/finish");
export const loader = webhookLoader;
