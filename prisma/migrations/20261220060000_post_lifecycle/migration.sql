-- Issue 8 part 4: no post stuck, none vanishes.
-- A channel that a person cancelled while its post waited for a retry is CANCELLED, and so is a publication
-- whose every remaining channel was cancelled with none succeeded.
ALTER TYPE "ResultStatus" ADD VALUE 'CANCELLED';
ALTER TYPE "PublicationStatus" ADD VALUE 'CANCELLED';

-- A deleted post that has publications stays as history: soft delete. A post sent back to DRAFT by the system
-- because its last channel was deleted or deactivated says why.
ALTER TABLE "Post" ADD COLUMN "deletedAt" TIMESTAMPTZ(3), ADD COLUMN "draftReason" TEXT;

-- A deleted channel that publications went out on stays, without credentials, so their results keep it.
ALTER TABLE "Channel" ADD COLUMN "deletedAt" TIMESTAMPTZ(3);
