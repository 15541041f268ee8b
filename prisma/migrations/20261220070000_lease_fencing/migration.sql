-- Fencing for the publish lease: each claim writes a fresh owner token and bumps the epoch, and every write a
-- worker makes for the publication checks both, so a worker that lost its lease (frozen, cut off) changes nothing.
ALTER TABLE "Post" ADD COLUMN "leaseOwner" TEXT;
ALTER TABLE "Post" ADD COLUMN "leaseEpoch" INTEGER NOT NULL DEFAULT 0;
