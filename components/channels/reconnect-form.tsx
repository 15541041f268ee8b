"use client";

import { BlueskyForm, MastodonForm, WebhookSecretForm } from "@/components/channels/connect-forms";
import type { ChannelView } from "@/components/hooks/use-channels";

/** The way back from "needs reconnect" for the channel's platform: the connect form again, for this channel. */
export function ReconnectForm({ channel, onDone }: { channel: ChannelView; onDone: () => void }) {
  if (channel.platform === "BLUESKY") {
    return <BlueskyForm channelId={channel.id} identifier={channel.accountName ?? ""} onDone={onDone} />;
  }
  if (channel.platform === "MASTODON") {
    return <MastodonForm channelId={channel.id} serverUrl={channel.serverUrl ?? ""} />;
  }
  if (channel.platform === "WEBHOOK") return <WebhookSecretForm channelId={channel.id} onDone={onDone} />;
  return null;
}
