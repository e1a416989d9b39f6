-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "discountCodes" TEXT NOT NULL DEFAULT '';

-- DropTable
DROP TABLE "PushedTags";

-- CreateTable
CREATE TABLE "PushedState" (
    "shop" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "tags" TEXT NOT NULL DEFAULT '',
    "metafields" TEXT NOT NULL DEFAULT '{}',
    "pAlive" DOUBLE PRECISION,
    "overdue" BOOLEAN NOT NULL DEFAULT false,
    "pushedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PushedState_pkey" PRIMARY KEY ("shop","customerGid")
);

-- CreateTable
CREATE TABLE "LoyaltyOffer" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "holdout" BOOLEAN NOT NULL,
    "percentOff" INTEGER NOT NULL,
    "offeredAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "codes" TEXT NOT NULL,
    "code" TEXT,
    "status" TEXT NOT NULL,
    "discountGid" TEXT,
    "redeemedOrderGid" TEXT,
    "redeemedAt" TIMESTAMP(3),

    CONSTRAINT "LoyaltyOffer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoyaltySegmentCode" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "segmentGid" TEXT,
    "code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "discountGid" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoyaltySegmentCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoyaltyRedemption" (
    "shop" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "customerGid" TEXT,
    "ruleId" TEXT NOT NULL,
    "offerId" INTEGER,
    "redeemedAt" TIMESTAMP(3) NOT NULL,
    "netMinor" BIGINT NOT NULL,

    CONSTRAINT "LoyaltyRedemption_pkey" PRIMARY KEY ("shop","orderGid","code")
);

-- CreateTable
CREATE TABLE "LoyaltyAlert" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "customerGid" TEXT,
    "segment" TEXT,
    "detail" TEXT NOT NULL,
    "raisedAt" TIMESTAMP(3) NOT NULL,
    "flowStatus" TEXT NOT NULL DEFAULT 'pending',
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "LoyaltyAlert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PushAudit" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "action" TEXT NOT NULL,
    "customerGid" TEXT,
    "detail" TEXT NOT NULL,
    "result" TEXT NOT NULL,

    CONSTRAINT "PushAudit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoyaltyBulkPush" (
    "shop" TEXT NOT NULL,
    "bulkOperationGid" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "lines" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoyaltyBulkPush_pkey" PRIMARY KEY ("shop","bulkOperationGid")
);

-- CreateIndex
CREATE INDEX "LoyaltyOffer_shop_customerGid_endsAt_idx" ON "LoyaltyOffer"("shop", "customerGid", "endsAt");

-- CreateIndex
CREATE INDEX "LoyaltyOffer_shop_ruleId_offeredAt_idx" ON "LoyaltyOffer"("shop", "ruleId", "offeredAt");

-- CreateIndex
CREATE INDEX "LoyaltyOffer_shop_code_idx" ON "LoyaltyOffer"("shop", "code");

-- CreateIndex
CREATE INDEX "LoyaltySegmentCode_shop_ruleId_endsAt_idx" ON "LoyaltySegmentCode"("shop", "ruleId", "endsAt");

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltySegmentCode_shop_code_key" ON "LoyaltySegmentCode"("shop", "code");

-- CreateIndex
CREATE INDEX "LoyaltyRedemption_shop_ruleId_idx" ON "LoyaltyRedemption"("shop", "ruleId");

-- CreateIndex
CREATE INDEX "LoyaltyAlert_shop_raisedAt_idx" ON "LoyaltyAlert"("shop", "raisedAt");

-- CreateIndex
CREATE INDEX "LoyaltyAlert_shop_flowStatus_idx" ON "LoyaltyAlert"("shop", "flowStatus");

-- CreateIndex
CREATE INDEX "PushAudit_shop_at_idx" ON "PushAudit"("shop", "at");

