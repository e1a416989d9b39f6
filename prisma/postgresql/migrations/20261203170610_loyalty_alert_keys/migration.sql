-- AlterTable
ALTER TABLE "LoyaltyAlert" ADD COLUMN     "scoringRunId" INTEGER NOT NULL,
ADD COLUMN     "subject" TEXT NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltyAlert_shop_scoringRunId_kind_subject_key" ON "LoyaltyAlert"("shop", "scoringRunId", "kind", "subject");

