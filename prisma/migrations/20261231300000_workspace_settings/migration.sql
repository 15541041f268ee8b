-- Issue 12, Settings → Workspace: the calendar's week start and the composer's preselected channels.
-- (API token scopes and the audit log are the roles migration, 20261231100000_token_scope_audit_log.)
CREATE TYPE "WeekStart" AS ENUM ('MONDAY', 'SUNDAY');
ALTER TABLE "Workspace" ADD COLUMN "weekStart" "WeekStart" NOT NULL DEFAULT 'MONDAY';
ALTER TABLE "Workspace" ADD COLUMN "defaultChannelIds" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
