-- AlterTable
ALTER TABLE "ScoringRun" ADD COLUMN "modelHealthJson" TEXT;

