-- Team roles of issue 12: OWNER, ADMIN (everything but ownership), EDITOR (create, edit, schedule), VIEWER (read
-- only), APPROVER (reads, comments, approves). MEMBER was "everything but ownership" and becomes EDITOR.
CREATE TYPE "MembershipRole_new" AS ENUM ('OWNER', 'ADMIN', 'EDITOR', 'VIEWER', 'APPROVER');
ALTER TABLE "Membership" ALTER COLUMN "role" DROP DEFAULT;
ALTER TABLE "Membership" ALTER COLUMN "role" TYPE "MembershipRole_new"
  USING (CASE "role"::text WHEN 'MEMBER' THEN 'EDITOR' ELSE "role"::text END)::"MembershipRole_new";
DROP TYPE "MembershipRole";
ALTER TYPE "MembershipRole_new" RENAME TO "MembershipRole";
ALTER TABLE "Membership" ALTER COLUMN "role" SET DEFAULT 'EDITOR';
