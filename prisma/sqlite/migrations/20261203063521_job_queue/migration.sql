-- CreateTable
CREATE TABLE "Job" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "shop" TEXT,
    "data" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "queuedKey" TEXT,
    "activeKey" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "retryLimit" INTEGER NOT NULL,
    "startAfter" DATETIME NOT NULL,
    "lockedUntil" DATETIME,
    "lockedBy" TEXT,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL,
    "finishedAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Shop" (
    "domain" TEXT NOT NULL PRIMARY KEY,
    "state" TEXT NOT NULL,
    "scopes" TEXT,
    "name" TEXT,
    "currencyCode" TEXT,
    "ianaTimezone" TEXT,
    "installedAt" DATETIME NOT NULL,
    "uninstalledAt" DATETIME,
    "backfillStatus" TEXT NOT NULL DEFAULT 'pending',
    "backfillStartedAt" DATETIME,
    "backfillCompletedAt" DATETIME,
    "backfillError" TEXT,
    "updatedAt" DATETIME NOT NULL,
    "rescoreRequestedAt" DATETIME,
    "rescoreDueAt" DATETIME,
    "lastRescoreAt" DATETIME,
    "nextDailyRescoreAt" DATETIME
);
INSERT INTO "new_Shop" ("backfillCompletedAt", "backfillError", "backfillStartedAt", "backfillStatus", "currencyCode", "domain", "ianaTimezone", "installedAt", "lastRescoreAt", "name", "rescoreDueAt", "rescoreRequestedAt", "scopes", "state", "uninstalledAt", "updatedAt") SELECT "backfillCompletedAt", "backfillError", "backfillStartedAt", "backfillStatus", "currencyCode", "domain", "ianaTimezone", "installedAt", "lastRescoreAt", "name", "rescoreDueAt", "rescoreRequestedAt", "scopes", "state", "uninstalledAt", "updatedAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
CREATE INDEX "Shop_state_rescoreDueAt_idx" ON "Shop"("state", "rescoreDueAt");
CREATE INDEX "Shop_state_nextDailyRescoreAt_idx" ON "Shop"("state", "nextDailyRescoreAt");
CREATE TABLE "new_WebhookEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "eventId" TEXT,
    "triggeredAt" DATETIME,
    "apiVersion" TEXT,
    "payload" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "processedAt" DATETIME
);
INSERT INTO "new_WebhookEvent" ("apiVersion", "attempts", "eventId", "id", "lastError", "payload", "processedAt", "receivedAt", "shop", "status", "topic", "triggeredAt", "webhookId") SELECT "apiVersion", "attempts", "eventId", "id", "lastError", "payload", "processedAt", "receivedAt", "shop", "status", "topic", "triggeredAt", "webhookId" FROM "WebhookEvent";
DROP TABLE "WebhookEvent";
ALTER TABLE "new_WebhookEvent" RENAME TO "WebhookEvent";
CREATE INDEX "WebhookEvent_status_id_idx" ON "WebhookEvent"("status", "id");
CREATE INDEX "WebhookEvent_shop_status_id_idx" ON "WebhookEvent"("shop", "status", "id");
CREATE UNIQUE INDEX "WebhookEvent_shop_webhookId_key" ON "WebhookEvent"("shop", "webhookId");
CREATE TABLE "new_BulkImport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "operationId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "url" TEXT,
    "rowsDone" INTEGER NOT NULL DEFAULT 0,
    "rowsTotal" INTEGER,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "completedAt" DATETIME
);
INSERT INTO "new_BulkImport" ("completedAt", "createdAt", "error", "id", "kind", "operationId", "rowsDone", "rowsTotal", "shop", "status", "updatedAt", "url") SELECT "completedAt", "createdAt", "error", "id", "kind", "operationId", "rowsDone", "rowsTotal", "shop", "status", "updatedAt", "url" FROM "BulkImport";
DROP TABLE "BulkImport";
ALTER TABLE "new_BulkImport" RENAME TO "BulkImport";
CREATE UNIQUE INDEX "BulkImport_operationId_key" ON "BulkImport"("operationId");
CREATE INDEX "BulkImport_shop_idx" ON "BulkImport"("shop");
CREATE INDEX "BulkImport_status_idx" ON "BulkImport"("status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Job_queuedKey_key" ON "Job"("queuedKey");

-- CreateIndex
CREATE UNIQUE INDEX "Job_activeKey_key" ON "Job"("activeKey");

-- CreateIndex
CREATE INDEX "Job_state_startAfter_idx" ON "Job"("state", "startAfter");

-- CreateIndex
CREATE INDEX "Job_shop_state_idx" ON "Job"("shop", "state");

