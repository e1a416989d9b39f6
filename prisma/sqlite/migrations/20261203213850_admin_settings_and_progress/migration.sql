-- AlterTable
ALTER TABLE "ScoringRun" ADD COLUMN "phase" TEXT;
ALTER TABLE "ScoringRun" ADD COLUMN "rowsTotal" INTEGER;
ALTER TABLE "ScoringRun" ADD COLUMN "rowsWritten" INTEGER;

-- CreateTable
CREATE TABLE "ShopSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "marginPct" REAL,
    "retentionDays" INTEGER NOT NULL DEFAULT 90,
    "migrationDays" INTEGER NOT NULL DEFAULT 30,
    "dailyRescoreMinute" INTEGER NOT NULL DEFAULT 10,
    "updatedAt" DATETIME NOT NULL
);

