-- Issue 8 part 4: no post stuck, none vanishes.
-- A channel that a person cancelled (unschedule/delete while its post waited for a retry) is CANCELLED, and a
-- publication whose every remaining channel was cancelled (none had succeeded) is CANCELLED too.
ALTER TYPE "ResultStatus" ADD VALUE 'CANCELLED';
ALTER TYPE "PublicationStatus" ADD VALUE 'CANCELLED';

-- A deleted post that has publications stays as history (soft delete), and a post sent back to DRAFT by the system
-- (its last channel deleted or deactivated) says why.
ALTER TABLE "Post" ADD COLUMN "deletedAt" TIMESTAMPTZ(3), ADD COLUMN "draftReason" TEXT;

-- A deleted channel that publications went out on stays (without credentials) so their results keep it.
ALTER TABLE "Channel" ADD COLUMN "deletedAt" TIMESTAMPTZ(3);
