-- Why a result did not succeed, as the adapter classed it (lib/publishing/networks/types.ts PublishErrorKind:
-- transient, permanent, unknown_outcome) or as publishing found it before sending ("channel": inactive, or
-- credentials unreadable), or "confirmed_missing" (a person checked an UNCONFIRMED result: not on the network).
-- Null on success and for results written before this column. It decides whether a retry can help.
ALTER TABLE "PublicationResult" ADD COLUMN "errorKind" TEXT;

-- The status counts read a workspace's publications finished in the last 7 days.
CREATE INDEX "Publication_workspaceId_finishedAt_idx" ON "Publication"("workspaceId", "finishedAt");
