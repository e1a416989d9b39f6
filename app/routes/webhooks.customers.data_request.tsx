import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook, webhookLoader } from "../webhooks/receive.server.ts";

/** customers/data_request: verified, stored in the inbox, applied off the request path. */
export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request, "customers/data_request");
export const loader = webhookLoader;
