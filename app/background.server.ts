import { checkBulkOperations, importBulk } from "./backfill/backfill.server.ts";
import { onInstalled } from "./backfill/install.server.ts";
import { prepareDatabase } from "./db.server.ts";
import {
  applyWebhooksJob,
  checkBulkOperationsJob,
  importBulkResultJob,
  installedJob,
  planRescoringsJob,
  purgeDeliveriesJob,
  purgePushAuditJob,
  pushLoyaltyJob,
  rescoreShopJob,
  sendFlowAlertsJob,
  sweepInboxJob,
} from "./jobs/catalog.ts";
import { jobs } from "./jobs/queue.server.ts";
import { handle, registerJobs } from "./jobs/registry.ts";
import { logger } from "./logger.server.ts";
import { purgePushAudit } from "./loyalty/audit-log.server.ts";
import { sendFlowAlerts } from "./loyalty/flow-alerts.server.ts";
import { pushLoyalty } from "./loyalty/push.server.ts";
import { planRescorings, rescoreDueShop } from "./scoring-jobs/jobs.server.ts";
import { applyPendingDeliveries, purgeDeliveries, sweepInbox } from "./webhooks/jobs.server.ts";

/** Every background job of the app and what runs it: the one place they are registered. */
export function registerAppJobs(): void {
  registerJobs([
    handle(applyWebhooksJob, applyPendingDeliveries),
    handle(sweepInboxJob, sweepInbox),
    handle(purgeDeliveriesJob, purgeDeliveries),
    handle(purgePushAuditJob, purgePushAudit),
    handle(installedJob, onInstalled),
    handle(importBulkResultJob, importBulk),
    handle(checkBulkOperationsJob, checkBulkOperations),
    handle(rescoreShopJob, rescoreDueShop),
    handle(planRescoringsJob, planRescorings),
    handle(pushLoyaltyJob, (data, context) => pushLoyalty(data, context)),
    handle(sendFlowAlertsJob, sendFlowAlerts),
  ]);
}

declare global {
  var __backgroundStarted: boolean | undefined;
}

/**
 * Runs the app's jobs in this process (once per process): the web process unless JOBS_RUN_IN=worker leaves them to
 * `npm run worker` (app/worker.ts).
 */
export async function startBackgroundWork(): Promise<void> {
  if (globalThis.__backgroundStarted) return;
  globalThis.__backgroundStarted = true;
  registerAppJobs();
  await prepareDatabase();
  await jobs.start();
  logger.info("background jobs started", { engine: jobs.engine });
}
