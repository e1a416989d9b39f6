-- AlterTable
ALTER TABLE "ScoringRun" ADD COLUMN     "dashboardJson" TEXT;

