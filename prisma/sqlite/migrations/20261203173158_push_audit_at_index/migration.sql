-- CreateIndex
CREATE INDEX "PushAudit_at_idx" ON "PushAudit"("at");

