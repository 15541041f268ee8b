-- Why a result did not succeed, as the adapter classed it (lib/publishing/networks/types.ts PublishErrorKind:
-- transient, permanent, unknown_outcome) or as publishing found it before sending (channel: inactive or
-- credentials unreadable; confirmed_missing: a person checked an UNCONFIRMED result and it is not on the network).
-- Null on success and for results written before this column. Decides whether "Retry" can help.
ALTER TABLE "PublicationResult" ADD COLUMN "errorKind" TEXT;

-- The "Needs attention" list and the status counts read the latest publications of a workspace by finish time.
CREATE INDEX "Publication_workspaceId_finishedAt_idx" ON "Publication"("workspaceId", "finishedAt");
