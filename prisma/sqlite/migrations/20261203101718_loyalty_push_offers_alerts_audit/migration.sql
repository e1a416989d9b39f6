-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "PushedTags";
PRAGMA foreign_keys=on;

-- CreateTable
CREATE TABLE "PushedState" (
    "shop" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "tags" TEXT NOT NULL DEFAULT '',
    "metafields" TEXT NOT NULL DEFAULT '{}',
    "pAlive" REAL,
    "overdue" BOOLEAN NOT NULL DEFAULT false,
    "pushedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "customerGid")
);

-- CreateTable
CREATE TABLE "LoyaltyOffer" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "holdout" BOOLEAN NOT NULL,
    "percentOff" INTEGER NOT NULL,
    "offeredAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "codes" TEXT NOT NULL,
    "code" TEXT,
    "status" TEXT NOT NULL,
    "discountGid" TEXT,
    "redeemedOrderGid" TEXT,
    "redeemedAt" DATETIME
);

-- CreateTable
CREATE TABLE "LoyaltySegmentCode" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "segmentGid" TEXT,
    "code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "discountGid" TEXT,
    "createdAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "LoyaltyRedemption" (
    "shop" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "customerGid" TEXT,
    "ruleId" TEXT NOT NULL,
    "offerId" INTEGER,
    "redeemedAt" DATETIME NOT NULL,
    "netMinor" BIGINT NOT NULL,

    PRIMARY KEY ("shop", "orderGid", "code")
);

-- CreateTable
CREATE TABLE "LoyaltyAlert" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "customerGid" TEXT,
    "segment" TEXT,
    "detail" TEXT NOT NULL,
    "raisedAt" DATETIME NOT NULL,
    "flowStatus" TEXT NOT NULL DEFAULT 'pending',
    "doneAt" DATETIME
);

-- CreateTable
CREATE TABLE "PushAudit" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "action" TEXT NOT NULL,
    "customerGid" TEXT,
    "detail" TEXT NOT NULL,
    "result" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "LoyaltyBulkPush" (
    "shop" TEXT NOT NULL,
    "bulkOperationGid" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "lines" INTEGER NOT NULL,
    "startedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "bulkOperationGid")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Order" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "gid" TEXT NOT NULL,
    "customerGid" TEXT,
    "shopifyCreatedAt" DATETIME NOT NULL,
    "processedAt" DATETIME NOT NULL,
    "cancelledAt" DATETIME,
    "test" BOOLEAN NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "presentmentCurrencyCode" TEXT NOT NULL,
    "presentmentTotalMinor" BIGINT NOT NULL,
    "totalMinor" BIGINT NOT NULL,
    "refundedMinor" BIGINT NOT NULL DEFAULT 0,
    "netMinor" BIGINT NOT NULL,
    "sourceUpdatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    "discountCodes" TEXT NOT NULL DEFAULT ''
);
INSERT INTO "new_Order" ("cancelledAt", "currencyCode", "customerGid", "deletedAt", "gid", "id", "netMinor", "presentmentCurrencyCode", "presentmentTotalMinor", "processedAt", "refundedMinor", "shop", "shopifyCreatedAt", "sourceUpdatedAt", "test", "totalMinor") SELECT "cancelledAt", "currencyCode", "customerGid", "deletedAt", "gid", "id", "netMinor", "presentmentCurrencyCode", "presentmentTotalMinor", "processedAt", "refundedMinor", "shop", "shopifyCreatedAt", "sourceUpdatedAt", "test", "totalMinor" FROM "Order";
DROP TABLE "Order";
ALTER TABLE "new_Order" RENAME TO "Order";
CREATE INDEX "Order_shop_customerGid_idx" ON "Order"("shop", "customerGid");
CREATE UNIQUE INDEX "Order_shop_gid_key" ON "Order"("shop", "gid");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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

