import { z } from "zod";
import { defineJob } from "./registry.ts";

/**
 * Every kind of background job the app has: name, data, singleton key, retry policy and lease. Senders import the
 * declaration from here; what each job does is registered apart, in app/background.server.ts, so that sending a
 * job never pulls in the code that runs it (and no module has to import another's handlers to queue its work).
 */

const shopData = z.object({ shop: z.string().min(1) });

/**
 * A job the engine sends every minute or hour, one at a time cluster-wide: a sweep over every shop, with no data.
 * Retried twice soon after a failure; the next occurrence comes anyway.
 */
function recurringJob(name: string, title: string, every: "minute" | "hour", { leaseSeconds = 60 } = {}) {
  return defineJob({
    name,
    title,
    schema: z.object({}),
    key: () => "all",
    shop: () => null,
    retry: { limit: 2, baseSeconds: 10, maxSeconds: 60 },
    leaseSeconds,
    every,
  });
}

// ---- webhooks ----

/**
 * Applies the stored deliveries of one shop, oldest first. The inbox row is the durable record that a 200 promised;
 * this job is how it gets applied. Keyed by the shop: deliveries of one shop are applied by one worker at a time, in
 * order, and a burst of deliveries leaves one job queued.
 */
export const applyWebhooksJob = defineJob({
  name: "apply-webhooks",
  title: "Applying the shop's webhook deliveries",
  schema: shopData,
  key: ({ shop }) => shop,
  shop: ({ shop }) => shop,
  retry: { limit: 8, baseSeconds: 2, maxSeconds: 900 },
  leaseSeconds: 60,
});

/** Every minute: shops whose deliveries wait longer than they should get their apply-webhooks job. */
export const sweepInboxJob = recurringJob("sweep-inbox", "Finding webhook deliveries left waiting", "minute");

/** Every hour: applied deliveries older than the retention are deleted (their effect is in the tables). */
export const purgeDeliveriesJob = recurringJob("purge-deliveries", "Deleting applied webhook deliveries after seven days", "hour");

/** Every hour: the push audit log's rows older than 90 days are deleted, a bounded batch at a time. */
export const purgePushAuditJob = recurringJob("purge-push-audit", "Deleting audit log entries older than 90 days", "hour");

// ---- backfill ----

/**
 * After Shopify installed the app on a shop (sent by the afterAuth hook, and by "Retry the import"): reads the shop's
 * currency and time zone and starts the backfill of its history unless one is running or done.
 */
export const installedJob = defineJob({
  name: "installed",
  title: "Reading the shop and starting the history import",
  schema: shopData,
  key: ({ shop }) => shop,
  shop: ({ shop }) => shop,
  retry: { limit: 5, baseSeconds: 5, maxSeconds: 600 },
  leaseSeconds: 60,
});

/** Streams one finished bulk operation's JSONL into the tables, resuming after the lines already applied. */
export const importBulkResultJob = defineJob({
  name: "import-bulk-result",
  title: "Importing the shop's history",
  schema: z.object({ shop: z.string().min(1), bulkImportId: z.number().int().positive() }),
  key: ({ bulkImportId }) => String(bulkImportId),
  shop: ({ shop }) => shop,
  retry: { limit: 5, baseSeconds: 2, maxSeconds: 300 },
  leaseSeconds: 120,
});

/**
 * Every minute: bulk operations whose finish webhook is late or lost are asked about, imports whose job was lost are
 * queued again, and a backfill whose start was cut off is marked failed.
 */
export const checkBulkOperationsJob = recurringJob("check-bulk-operations", "Checking on history imports Shopify is preparing", "minute", { leaseSeconds: 120 });

// ---- rescoring ----

/**
 * Rescores one shop, in a worker thread. Keyed by the shop, so a shop is never rescored twice at once, whichever
 * processes run jobs.
 */
export const rescoreShopJob = defineJob({
  name: "rescore-shop",
  title: "Rescoring the shop's customers",
  schema: shopData,
  key: ({ shop }) => shop,
  shop: ({ shop }) => shop,
  retry: { limit: 3, baseSeconds: 60, maxSeconds: 1_800 },
  leaseSeconds: 60,
});

/** Every minute: the shops the planner calls due (the daily rescoring, a finished import, a request whose job was lost). */
export const planRescoringsJob = recurringJob("plan-rescorings", "Planning rescorings", "minute");

// ---- loyalty ----

/** Makes the store what the shop's loyalty rules want (tags, metafields, codes), after each rescoring: only the difference is sent. */
export const pushLoyaltyJob = defineJob({
  name: "push-loyalty",
  title: "Updating the shop's customers by the loyalty rules (tags, metafields, discount codes)",
  schema: shopData,
  key: ({ shop }) => shop,
  shop: ({ shop }) => shop,
  retry: { limit: 5, baseSeconds: 30, maxSeconds: 1_800 },
  leaseSeconds: 60,
});

/** Sends the shop's new early warnings to Shopify Flow (flowTriggerReceive), oldest first; queued by the push that raised them. */
export const sendFlowAlertsJob = defineJob({
  name: "send-flow-alerts",
  title: "Sending early warnings to Shopify Flow",
  schema: shopData,
  key: ({ shop }) => shop,
  shop: ({ shop }) => shop,
  retry: { limit: 5, baseSeconds: 30, maxSeconds: 1_800 },
  leaseSeconds: 60,
});

const ALL_JOBS = [
  applyWebhooksJob,
  sweepInboxJob,
  purgeDeliveriesJob,
  purgePushAuditJob,
  installedJob,
  importBulkResultJob,
  checkBulkOperationsJob,
  rescoreShopJob,
  planRescoringsJob,
  pushLoyaltyJob,
  sendFlowAlertsJob,
];

/** Every job's name; the admin shows each in the merchant's words (app/i18n/job-label.ts, a message per name). */
export const JOB_NAMES: readonly string[] = ALL_JOBS.map((job) => job.name);
