-- CreateIndex
CREATE INDEX "Customer_shop_deletedAt_idx" ON "Customer"("shop", "deletedAt");

-- CreateIndex
CREATE INDEX "Order_shop_deletedAt_idx" ON "Order"("shop", "deletedAt");

