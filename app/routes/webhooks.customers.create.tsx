import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook, webhookLoader } from "../webhooks/receive.server.ts";

/** customers/create: verified, stored in the inbox, applied off the request path. */
export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request, "customers/create");
export const loader = webhookLoader;
