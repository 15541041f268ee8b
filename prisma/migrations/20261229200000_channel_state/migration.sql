-- Channel state for the Channels page and the publishing core (issue 10): the account a channel publishes as,
-- the colour the calendar shows it in, and "needs reconnect" with its reason and time (null: connected).
ALTER TABLE "Channel"
  ADD COLUMN "accountName" TEXT,
  ADD COLUMN "avatarUrl" TEXT,
  ADD COLUMN "serverUrl" TEXT,
  ADD COLUMN "color" TEXT NOT NULL DEFAULT '#2563eb',
  ADD COLUMN "needsReconnectReason" TEXT,
  ADD COLUMN "needsReconnectAt" TIMESTAMPTZ(3);

-- Existing channels get the palette (lib/channels/channel-palette.ts) in creation order per workspace, so two
-- channels of a workspace start with different colours.
UPDATE "Channel" c SET "color" = (ARRAY['#2563eb','#db2777','#047857','#b45309','#7c3aed','#0e7490','#dc2626','#4d7c0f'])[
  ((n.rn - 1) % 8) + 1]
FROM (SELECT id, row_number() OVER (PARTITION BY "workspaceId" ORDER BY "createdAt", id) AS rn FROM "Channel") n
WHERE n.id = c.id;

-- What an adapter stored between the steps of one publication on one channel (PublishRequest.checkpoint): a
-- record key chosen before the first request, a container id between steps. Later attempts read it back.
ALTER TABLE "PublicationResult" ADD COLUMN "adapterState" JSONB NOT NULL DEFAULT '{}';
