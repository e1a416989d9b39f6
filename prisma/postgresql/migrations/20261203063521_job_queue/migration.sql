-- AlterTable
ALTER TABLE "Shop" DROP COLUMN "scoringLockedBy",
DROP COLUMN "scoringLockedUntil",
ADD COLUMN     "nextDailyRescoreAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "WebhookEvent" DROP COLUMN "lockedUntil";

-- AlterTable
ALTER TABLE "BulkImport" DROP COLUMN "lockedUntil";

-- CreateTable
CREATE TABLE "Job" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "shop" TEXT,
    "data" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "queuedKey" TEXT,
    "activeKey" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "retryLimit" INTEGER NOT NULL,
    "startAfter" TIMESTAMP(3) NOT NULL,
    "lockedUntil" TIMESTAMP(3),
    "lockedBy" TEXT,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Job_queuedKey_key" ON "Job"("queuedKey");

-- CreateIndex
CREATE UNIQUE INDEX "Job_activeKey_key" ON "Job"("activeKey");

-- CreateIndex
CREATE INDEX "Job_state_startAfter_idx" ON "Job"("state", "startAfter");

-- CreateIndex
CREATE INDEX "Job_shop_state_idx" ON "Job"("shop", "state");

-- CreateIndex
CREATE INDEX "Shop_state_rescoreDueAt_idx" ON "Shop"("state", "rescoreDueAt");

-- CreateIndex
CREATE INDEX "Shop_state_nextDailyRescoreAt_idx" ON "Shop"("state", "nextDailyRescoreAt");

-- CreateIndex
CREATE INDEX "WebhookEvent_shop_status_id_idx" ON "WebhookEvent"("shop", "status", "id");

