-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "purchaseModel" TEXT;

-- AlterTable
ALTER TABLE "ScoringRun" ADD COLUMN     "modelChoiceJson" TEXT;

-- AlterTable
ALTER TABLE "ShopSettings" ADD COLUMN     "segmentGrid" TEXT,
ADD COLUMN     "segmentGridVersion" INTEGER NOT NULL DEFAULT 0;

