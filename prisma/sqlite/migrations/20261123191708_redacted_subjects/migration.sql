-- CreateTable
CREATE TABLE "RedactedSubject" (
    "shop" TEXT NOT NULL,
    "gid" TEXT NOT NULL,
    "redactedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "gid")
);

