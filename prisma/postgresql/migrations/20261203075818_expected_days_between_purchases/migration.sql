-- AlterTable
ALTER TABLE "CustomerScore" ADD COLUMN     "expectedDaysBetweenPurchases" DOUBLE PRECISION;

