-- AlterTable
ALTER TABLE "ScoringRun" ADD COLUMN     "phase" TEXT,
ADD COLUMN     "rowsTotal" INTEGER,
ADD COLUMN     "rowsWritten" INTEGER;

-- CreateTable
CREATE TABLE "ShopSettings" (
    "shop" TEXT NOT NULL,
    "marginPct" DOUBLE PRECISION,
    "retentionDays" INTEGER NOT NULL DEFAULT 90,
    "migrationDays" INTEGER NOT NULL DEFAULT 30,
    "dailyRescoreMinute" INTEGER NOT NULL DEFAULT 10,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShopSettings_pkey" PRIMARY KEY ("shop")
);

