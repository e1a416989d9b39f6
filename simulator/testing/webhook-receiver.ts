import "@shopify/shopify-api/adapters/node";
import { createServer, type IncomingMessage } from "node:http";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";

/**
 * A tiny app-side webhook endpoint for tests: it verifies each delivery with `@shopify/shopify-api`'s own
 * `webhooks.validate` (401 on a bad HMAC, 400 on missing headers, as `authenticate.webhook` does) and records it.
 */
export interface ReceivedWebhook {
  path: string;
  valid: boolean;
  reason: string | null;
  topic: string;
  webhookId: string;
  eventId: string;
  triggeredAt: string;
  shop: string;
  apiVersion: string;
  body: string;
  payload: Record<string, unknown>;
  status: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Decides the HTTP status for a valid delivery (default 200); may wait to simulate a slow app. */
  respond: (delivery: ReceivedWebhook, attempt: number) => number | Promise<number>;
  close(): Promise<void>;
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name.toLowerCase()];
  return typeof value === "string" ? value : "";
}

export async function startWebhookReceiver(credentials: { apiKey: string; apiSecret: string }): Promise<WebhookReceiver> {
  const shopify = shopifyApi({
    apiKey: credentials.apiKey,
    apiSecretKey: credentials.apiSecret,
    apiVersion: ApiVersion.October26,
    hostName: "127.0.0.1",
    isEmbeddedApp: true,
    logger: { level: LogSeverity.Error },
  });
  const attempts = new Map<string, number>();
  const receiver: WebhookReceiver = {
    url: "",
    received: [],
    respond: () => 200,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        const rawBody = Buffer.concat(chunks).toString("utf8");
        const check = await shopify.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res });
        const delivery: ReceivedWebhook = {
          path: req.url ?? "",
          valid: check.valid,
          reason: check.valid ? null : check.reason,
          topic: header(req, "X-Shopify-Topic"),
          webhookId: header(req, "X-Shopify-Webhook-Id"),
          eventId: header(req, "X-Shopify-Event-Id"),
          triggeredAt: header(req, "X-Shopify-Triggered-At"),
          shop: header(req, "X-Shopify-Shop-Domain"),
          apiVersion: header(req, "X-Shopify-API-Version"),
          body: rawBody,
          payload: JSON.parse(rawBody || "{}") as Record<string, unknown>,
          status: 0,
        };
        const attempt = (attempts.get(delivery.webhookId) ?? 0) + 1;
        attempts.set(delivery.webhookId, attempt);
        delivery.status = check.valid ? await receiver.respond(delivery, attempt) : check.reason === "missing_headers" ? 400 : 401;
        receiver.received.push(delivery);
        res.writeHead(delivery.status).end();
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("receiver did not get a port");
  receiver.url = `http://127.0.0.1:${address.port}`;
  return receiver;
}
