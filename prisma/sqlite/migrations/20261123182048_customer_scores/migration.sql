-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "lastRescoreAt" DATETIME;
ALTER TABLE "Shop" ADD COLUMN "rescoreDueAt" DATETIME;
ALTER TABLE "Shop" ADD COLUMN "rescoreRequestedAt" DATETIME;
ALTER TABLE "Shop" ADD COLUMN "scoringLockedBy" TEXT;
ALTER TABLE "Shop" ADD COLUMN "scoringLockedUntil" DATETIME;

-- CreateTable
CREATE TABLE "CustomerScore" (
    "shop" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "scoringRunId" INTEGER NOT NULL,
    "segment" TEXT NOT NULL,
    "rfmRecency" INTEGER,
    "rfmFrequency" INTEGER,
    "rfmMonetary" INTEGER,
    "orderCount" INTEGER NOT NULL DEFAULT 0,
    "repeatPurchaseDays" INTEGER,
    "firstPurchaseOn" TEXT,
    "lastPurchaseOn" TEXT,
    "historicClvMinor" BIGINT NOT NULL DEFAULT 0,
    "predictedClvMinor" BIGINT,
    "predictedClvLowMinor" BIGINT,
    "predictedClvHighMinor" BIGINT,
    "pAlive" REAL,
    "pAliveLow" REAL,
    "pAliveHigh" REAL,
    "expectedPurchases30" REAL,
    "expectedPurchases90" REAL,
    "expectedPurchases365" REAL,
    "expectedOrderValueMinor" BIGINT,
    "expectedNextPurchaseOn" TEXT,
    "confidence" TEXT,
    "scoredAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "customerGid")
);

-- CreateTable
CREATE TABLE "CustomerSegmentChange" (
    "shop" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "oldSegment" TEXT,
    "newSegment" TEXT NOT NULL,
    "changedAt" DATETIME NOT NULL,
    "scoringRunId" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "customerGid", "scoringRunId")
);

-- CreateTable
CREATE TABLE "ScoringRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "durationMs" INTEGER,
    "observationEnd" TEXT,
    "timeZone" TEXT,
    "modelName" TEXT,
    "modelParamsJson" TEXT,
    "logLikelihood" REAL,
    "converged" BOOLEAN,
    "modelMethod" TEXT,
    "modelFallbackReason" TEXT,
    "spendP" REAL,
    "spendQ" REAL,
    "spendGamma" REAL,
    "spendMethod" TEXT,
    "spendFallbackReason" TEXT,
    "customersScored" INTEGER,
    "prospects" INTEGER,
    "segmentChanges" INTEGER,
    "error" TEXT
);

-- CreateIndex
CREATE INDEX "CustomerScore_shop_segment_idx" ON "CustomerScore"("shop", "segment");

-- CreateIndex
CREATE INDEX "CustomerSegmentChange_shop_changedAt_idx" ON "CustomerSegmentChange"("shop", "changedAt");

-- CreateIndex
CREATE INDEX "ScoringRun_shop_startedAt_idx" ON "ScoringRun"("shop", "startedAt");

