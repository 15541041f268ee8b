import { ApiError } from "@/lib/api/errors";
import { decryptCredentials } from "@/lib/crypto/credentials";
import type { Db } from "@/lib/db/prisma";
import { createGuardedFetch } from "@/lib/net/create-guarded-fetch";
import { threadsConfigSchema, threadsCredentialsSchema } from "@/lib/publishing/networks/threads/config";
import { mapThreadsError } from "@/lib/publishing/networks/threads/map-threads-error";
import {
  readThreadsPublishingQuota,
  type ThreadsPublishingQuota,
} from "@/lib/publishing/networks/threads/publishing-quota";
import { type ThreadsSettings, threadsSettingsFromEnv } from "@/lib/publishing/networks/threads/settings";

/**
 * The publishing quota of a workspace's THREADS channel now, for the Channels page and the composer to show
 * ("12 of 250 posts in the last 24 hours": describeThreadsQuota): GET /{user-id}/threads_publishing_limit with the
 * channel's stored token (readThreadsPublishingQuota). Throws ApiError: 404 when the channel is not a THREADS
 * channel of this workspace (or was deleted); 409 when it has no connected profile or token (reconnect it); 503 when
 * Threads cannot answer or refuses (its message kept).
 */
export async function getThreadsChannelQuota({
  db,
  workspaceId,
  channelId,
  settings = threadsSettingsFromEnv,
  fetch = createGuardedFetch(),
  signal,
}: {
  db: Db;
  workspaceId: string;
  channelId: string;
  settings?: () => ThreadsSettings;
  fetch?: typeof globalThis.fetch;
  signal?: AbortSignal;
}): Promise<ThreadsPublishingQuota> {
  const channel = await db.channel.findFirst({
    where: { id: channelId, workspaceId, platform: "THREADS", deletedAt: null },
    select: { config: true, credentialsEnc: true },
  });
  if (!channel) throw new ApiError("not_found", `Channel ${channelId} not found`);
  const config = threadsConfigSchema.safeParse(channel.config);
  const credentials = threadsCredentialsSchema.safeParse(
    channel.credentialsEnc ? decryptCredentials(channel.credentialsEnc) : {},
  );
  if (!config.success || !credentials.success) {
    throw new ApiError("conflict", "This Threads channel has no connected profile: reconnect it");
  }
  try {
    return await readThreadsPublishingQuota({
      apiUrl: settings().apiUrl,
      userId: config.data.userId,
      accessToken: credentials.data.accessToken,
      fetch,
      signal,
    });
  } catch (err) {
    throw new ApiError("unavailable", mapThreadsError(err, "reading the Threads publishing quota").message);
  }
}
