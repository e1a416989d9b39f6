/**
 * The send-flow-alerts job: the shop's early warnings not yet sent start the merchant's Shopify Flow workflows, one
 * flowTriggerReceive each, oldest first (flow-triggers.ts says which trigger and payload). An alert Shopify refuses
 * (userErrors: a customer deleted since, a trigger the merchant's app version lacks) is marked failed, audited, and
 * not retried; a failure to reach Shopify is thrown for the job module to retry, and the alerts sent stay sent.
 */
import type { JobContext } from "../jobs/types.ts";
import { logger } from "../logger.server.ts";
import { alertsForFlow, markAlertFlow } from "../persistence/loyalty-alerts.server.ts";
import { adminGraphql } from "../shopify/admin-graphql.server.ts";
import { unauthenticated } from "../shopify.server.ts";
import { FlowTriggerReceive, type FlowTriggerReceiveData } from "./graphql/FlowTriggerReceiveMutation.ts";
import { flowTriggerFor } from "./flow-triggers.ts";
import { AuditTrail } from "./push.server.ts";

const PAGE = 100;

export async function sendFlowAlerts({ shop }: { shop: string }, { now, signal }: Pick<JobContext, "now" | "signal">): Promise<{ sent: number; failed: number }> {
  const audit = new AuditTrail(shop, now);
  let admin: Awaited<ReturnType<typeof unauthenticated.admin>>["admin"] | undefined;
  let sent = 0;
  let failed = 0;
  try {
    for (let after = 0; ; ) {
      const page = await alertsForFlow(shop, after, PAGE);
      if (page.length === 0) break;
      after = page.at(-1)!.id;
      for (const alert of page) {
        signal.throwIfAborted();
        const trigger = flowTriggerFor(alert);
        if (trigger === null) {
          await markAlertFlow(alert.id, "failed", now());
          failed++;
          continue;
        }
        admin ??= (await unauthenticated.admin(shop)).admin;
        const data = await adminGraphql<FlowTriggerReceiveData>(admin, FlowTriggerReceive, { handle: trigger.handle, payload: trigger.payload });
        const errors = data.flowTriggerReceive?.userErrors ?? [];
        const result = errors.length === 0 ? "ok" : `refused: ${errors.map((e) => `${(e.field ?? []).join(".") || "(input)"}: ${e.message}`).join("; ")}`;
        audit.add("flow-trigger", alert.customerGid, { alert: alert.id, kind: alert.kind, handle: trigger.handle }, result);
        await markAlertFlow(alert.id, errors.length === 0 ? "sent" : "failed", now());
        if (errors.length === 0) sent++;
        else failed++;
      }
    }
  } finally {
    await audit.flush();
  }
  if (sent + failed > 0) logger.child({ shop }).info("early warnings sent to Flow", { sent, failed });
  return { sent, failed };
}
