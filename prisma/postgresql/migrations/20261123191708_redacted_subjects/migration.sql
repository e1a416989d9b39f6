-- CreateTable
CREATE TABLE "RedactedSubject" (
    "shop" TEXT NOT NULL,
    "gid" TEXT NOT NULL,
    "redactedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RedactedSubject_pkey" PRIMARY KEY ("shop","gid")
);

