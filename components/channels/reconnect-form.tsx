"use client";

import { BlueskyForm, MastodonForm, WebhookSecretForm } from "@/components/channels/connect-forms";
import { OAuthReconnect } from "@/components/channels/oauth-connect";
import type { ChannelView } from "@/components/hooks/use-channels";
import type { OAuthLoginOption } from "@/lib/oauth/list-oauth-logins";

/** The way back from "needs reconnect" for the channel's platform: the connect form again, for this channel. */
export function ReconnectForm({
  channel,
  login = null,
  onDone,
}: {
  channel: ChannelView;
  login?: OAuthLoginOption | null;
  onDone: () => void;
}) {
  if (login) return <OAuthReconnect login={login} channelId={channel.id} />;
  if (channel.platform === "BLUESKY") {
    return <BlueskyForm channelId={channel.id} identifier={channel.accountName ?? ""} onDone={onDone} />;
  }
  if (channel.platform === "MASTODON") {
    return <MastodonForm channelId={channel.id} serverUrl={channel.serverUrl ?? ""} />;
  }
  if (channel.platform === "WEBHOOK") return <WebhookSecretForm channelId={channel.id} onDone={onDone} />;
  return null;
}
