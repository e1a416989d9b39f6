-- CreateTable
CREATE TABLE "LoyaltySettings" (
    "shop" TEXT NOT NULL,
    "rulesJson" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoyaltySettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "PushedTags" (
    "shop" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "tags" TEXT NOT NULL,
    "pushedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PushedTags_pkey" PRIMARY KEY ("shop","customerGid")
);

-- CreateIndex
CREATE INDEX "CustomerScore_shop_predictedClvMinor_idx" ON "CustomerScore"("shop", "predictedClvMinor");

