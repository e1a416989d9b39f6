-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_LoyaltyAlert" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "customerGid" TEXT,
    "segment" TEXT,
    "scoringRunId" INTEGER NOT NULL,
    "subject" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "raisedAt" DATETIME NOT NULL,
    "flowStatus" TEXT NOT NULL DEFAULT 'pending',
    "doneAt" DATETIME
);
INSERT INTO "new_LoyaltyAlert" ("customerGid", "detail", "doneAt", "flowStatus", "id", "kind", "raisedAt", "segment", "shop") SELECT "customerGid", "detail", "doneAt", "flowStatus", "id", "kind", "raisedAt", "segment", "shop" FROM "LoyaltyAlert";
DROP TABLE "LoyaltyAlert";
ALTER TABLE "new_LoyaltyAlert" RENAME TO "LoyaltyAlert";
CREATE INDEX "LoyaltyAlert_shop_raisedAt_idx" ON "LoyaltyAlert"("shop", "raisedAt");
CREATE INDEX "LoyaltyAlert_shop_flowStatus_idx" ON "LoyaltyAlert"("shop", "flowStatus");
CREATE UNIQUE INDEX "LoyaltyAlert_shop_scoringRunId_kind_subject_key" ON "LoyaltyAlert"("shop", "scoringRunId", "kind", "subject");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

