/**
 * One sender process of the webhooks benchmark (tests/bench/webhooks.ts), forked by it: signed order deliveries
 * (webhook-deliveries.ts) to one server with IN_FLIGHT requests in flight, from the parent's start time to its end
 * time. Reports each request's latency, the answers by status, and the webhook ids answered 200 within the window.
 *
 * Protocol (IPC): the child sends { type: "ready" }; the parent sends { type: "go", startAt, endAt } (epoch ms);
 * the child sends { type: "report", ... } once its requests in flight at endAt are answered, and exits.
 */
import { Agent, request } from "undici";
import { deliveries } from "./webhook-deliveries.ts";

export interface SenderReport {
  readonly type: "report";
  /** Latency of every request started within the window, in ms (answered or not). */
  readonly latenciesMs: number[];
  readonly statuses: Record<string, number>;
  /** Webhook ids answered 200 by the end of the window. */
  readonly answeredIds: string[];
  /** orders/create deliveries answered 200, in the window or after it: the orders the database must end with. */
  readonly ordersCreated: number;
}

const { SENDER_URL, SENDER_INDEX, SENDER_IN_FLIGHT, SENDER_CUSTOMERS, SENDER_SHOP, SENDER_SECRET } = process.env;
if (!SENDER_URL || !SENDER_SECRET || !SENDER_SHOP || !process.send) throw new Error("webhook-sender.ts is forked by tests/bench/webhooks.ts");
const inFlight = Number(SENDER_IN_FLIGHT ?? 32);
const source = deliveries({ sender: Number(SENDER_INDEX ?? 0), customers: Number(SENDER_CUSTOMERS ?? 3_000), shop: SENDER_SHOP, secret: SENDER_SECRET });
const dispatcher = new Agent({ connections: inFlight, pipelining: 1 });

const latenciesMs: number[] = [];
const statuses: Record<string, number> = {};
const answeredIds: string[] = [];
let ordersCreated = 0;

async function connection(endAt: number): Promise<void> {
  while (Date.now() < endAt) {
    const delivery = source.next();
    const started = performance.now();
    let status: string;
    try {
      const answer = await request(`${SENDER_URL}${delivery.path}`, { method: "POST", dispatcher, headers: delivery.headers, body: delivery.body });
      await answer.body.dump();
      status = String(answer.statusCode);
    } catch (error) {
      status = (error as { code?: string }).code ?? "error";
    }
    latenciesMs.push(Math.round((performance.now() - started) * 100) / 100);
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status !== "200") continue;
    source.answered(delivery);
    if (delivery.topic === "orders/create") ordersCreated++;
    if (Date.now() <= endAt) answeredIds.push(delivery.webhookId);
  }
}

process.on("message", async (message: { type: string; startAt: number; endAt: number }) => {
  if (message.type !== "go") return;
  await new Promise((started) => setTimeout(started, Math.max(0, message.startAt - Date.now())));
  await Promise.all(Array.from({ length: inFlight }, () => connection(message.endAt)));
  await dispatcher.close();
  const report: SenderReport = { type: "report", latenciesMs, statuses, answeredIds, ordersCreated };
  process.send?.(report, () => process.exit(0));
});
process.send({ type: "ready" });
