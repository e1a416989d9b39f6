-- DropIndex
DROP INDEX "Customer_shop_deletedAt_idx";

-- DropIndex
DROP INDEX "Order_shop_customerGid_idx";

-- DropIndex
DROP INDEX "Order_shop_deletedAt_idx";

-- CreateIndex
CREATE INDEX "Order_shop_customerGid_deletedAt_idx" ON "Order"("shop", "customerGid", "deletedAt");

