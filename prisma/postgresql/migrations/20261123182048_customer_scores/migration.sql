-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "lastRescoreAt" TIMESTAMP(3),
ADD COLUMN     "rescoreDueAt" TIMESTAMP(3),
ADD COLUMN     "rescoreRequestedAt" TIMESTAMP(3),
ADD COLUMN     "scoringLockedBy" TEXT,
ADD COLUMN     "scoringLockedUntil" TIMESTAMP(3);

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
    "pAlive" DOUBLE PRECISION,
    "pAliveLow" DOUBLE PRECISION,
    "pAliveHigh" DOUBLE PRECISION,
    "expectedPurchases30" DOUBLE PRECISION,
    "expectedPurchases90" DOUBLE PRECISION,
    "expectedPurchases365" DOUBLE PRECISION,
    "expectedOrderValueMinor" BIGINT,
    "expectedNextPurchaseOn" TEXT,
    "confidence" TEXT,
    "scoredAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerScore_pkey" PRIMARY KEY ("shop","customerGid")
);

-- CreateTable
CREATE TABLE "CustomerSegmentChange" (
    "shop" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "oldSegment" TEXT,
    "newSegment" TEXT NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL,
    "scoringRunId" INTEGER NOT NULL,

    CONSTRAINT "CustomerSegmentChange_pkey" PRIMARY KEY ("shop","customerGid","scoringRunId")
);

-- CreateTable
CREATE TABLE "ScoringRun" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "durationMs" INTEGER,
    "observationEnd" TEXT,
    "timeZone" TEXT,
    "modelName" TEXT,
    "modelParamsJson" TEXT,
    "logLikelihood" DOUBLE PRECISION,
    "converged" BOOLEAN,
    "modelMethod" TEXT,
    "modelFallbackReason" TEXT,
    "spendP" DOUBLE PRECISION,
    "spendQ" DOUBLE PRECISION,
    "spendGamma" DOUBLE PRECISION,
    "spendMethod" TEXT,
    "spendFallbackReason" TEXT,
    "customersScored" INTEGER,
    "prospects" INTEGER,
    "segmentChanges" INTEGER,
    "error" TEXT,

    CONSTRAINT "ScoringRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CustomerScore_shop_segment_idx" ON "CustomerScore"("shop", "segment");

-- CreateIndex
CREATE INDEX "CustomerSegmentChange_shop_changedAt_idx" ON "CustomerSegmentChange"("shop", "changedAt");

-- CreateIndex
CREATE INDEX "ScoringRun_shop_startedAt_idx" ON "ScoringRun"("shop", "startedAt");

