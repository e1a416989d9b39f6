-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "purchaseModel" TEXT;

-- AlterTable
ALTER TABLE "ScoringRun" ADD COLUMN "modelChoiceJson" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ShopSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "marginPct" REAL,
    "retentionDays" INTEGER NOT NULL DEFAULT 90,
    "migrationDays" INTEGER NOT NULL DEFAULT 30,
    "dailyRescoreMinute" INTEGER NOT NULL DEFAULT 10,
    "segmentGrid" TEXT,
    "segmentGridVersion" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_ShopSettings" ("dailyRescoreMinute", "marginPct", "migrationDays", "retentionDays", "shop", "updatedAt") SELECT "dailyRescoreMinute", "marginPct", "migrationDays", "retentionDays", "shop", "updatedAt" FROM "ShopSettings";
DROP TABLE "ShopSettings";
ALTER TABLE "new_ShopSettings" RENAME TO "ShopSettings";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

