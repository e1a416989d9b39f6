-- AlterTable
ALTER TABLE "CustomerScore" ADD COLUMN "expectedDaysBetweenPurchases" REAL;

