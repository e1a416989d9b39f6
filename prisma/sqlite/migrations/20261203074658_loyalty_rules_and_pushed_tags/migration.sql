-- CreateTable
CREATE TABLE "LoyaltySettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "rulesJson" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PushedTags" (
    "shop" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "tags" TEXT NOT NULL,
    "pushedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "customerGid")
);

-- CreateIndex
CREATE INDEX "CustomerScore_shop_predictedClvMinor_idx" ON "CustomerScore"("shop", "predictedClvMinor");

