"use client";

import { useId, useState } from "react";
import { toast } from "sonner";
import { PlatformBadge } from "@/components/calendar/platform-badge";
import styles from "@/components/channels/channels.module.css";
import { DisconnectButton } from "@/components/channels/disconnect-button";
import { ReconnectForm } from "@/components/channels/reconnect-form";
import { useUpdateChannel } from "@/components/channels/use-channel-mutations";
import { localDateTime } from "@/components/evergreen/format";
import { type ChannelView, useChannelQuota } from "@/components/hooks/use-channels";
import { useCan } from "@/components/hooks/use-permission";
import { CHANNEL_COLOR_NAMES, CHANNEL_PALETTE } from "@/lib/channels/channel-palette";
import type { OAuthLoginOption } from "@/lib/oauth/list-oauth-logins";
import type { AffectedPost } from "@/lib/schemas/channels";

const STATE_LABEL = { connected: "Connected", needs_reconnect: "Needs reconnect", disabled: "Disabled" } as const;

/** One connected account: who it is, where it lives, its state, and what a person can change about it. */
export function ChannelCard({
  channel,
  timezone,
  login = null,
}: {
  channel: ChannelView;
  timezone: string;
  /** The OAuth login the channel's platform connects through (its reconnect signs in there again), or null. */
  login?: OAuthLoginOption | null;
}) {
  const update = useUpdateChannel();
  // Renaming, colours, disabling, reconnecting and disconnecting need channels:manage (an Editor or above).
  const canManage = useCan("channels:manage");
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(channel.displayName);
  const [panel, setPanel] = useState<"none" | "reconnect">("none");
  const [error, setError] = useState<string | null>(null);
  const headingId = useId();
  const nameId = useId();

  const save = (patch: Parameters<typeof update.mutate>[0]["patch"], done?: (moved: AffectedPost[]) => void) => {
    setError(null);
    update.mutate(
      { id: channel.id, patch },
      {
        onSuccess: (answer) => done?.(answer.affectedPosts),
        onError: (err) => setError(err.message),
      },
    );
  };
  const rename = () => {
    const trimmed = name.trim();
    if (!trimmed || trimmed === channel.displayName) return setRenaming(false);
    save({ displayName: trimmed }, () => setRenaming(false));
  };
  const toggleActive = () =>
    save({ active: !channel.active }, (moved) => {
      if (channel.active && moved.length > 0) {
        const drafts = moved.filter((p) => p.status === "DRAFT").length;
        toast.info(
          `${channel.displayName} disabled: ${moved.length} scheduled ${moved.length === 1 ? "post" : "posts"} ` +
            `no longer go to it${drafts > 0 ? `; ${drafts} went back to drafts` : ""}`,
        );
      } else toast.success(`${channel.displayName} ${channel.active ? "disabled" : "enabled"}`);
    });
  const canReconnect = login !== null || ["BLUESKY", "MASTODON", "WEBHOOK"].includes(channel.platform);

  return (
    <li className={`card ${styles.channel}`} data-channel-id={channel.id}>
      <div className={styles.identity}>
        <span className={styles.swatch} style={{ background: channel.color }} aria-hidden="true" />
        <PlatformBadge platform={channel.platform} />
        {channel.avatarUrl ? (
          // biome-ignore lint/performance/noImgElement: a remote avatar of any server; next/image would need each host
          <img className={styles.avatar} src={channel.avatarUrl} alt="" width={36} height={36} data-avatar />
        ) : (
          <span className={`${styles.avatar} ${styles.initials}`} aria-hidden="true" data-avatar>
            {initialsOf(channel.accountName ?? channel.displayName)}
          </span>
        )}
        <div className={styles.who}>
          {renaming ? (
            <form
              className={styles.renameForm}
              onSubmit={(e) => {
                e.preventDefault();
                rename();
              }}
            >
              <label htmlFor={nameId} className="visually-hidden">
                Channel name
              </label>
              <input id={nameId} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
              <button type="submit" className="button primary" disabled={update.isPending}>
                Save
              </button>
              <button
                type="button"
                className="button"
                onClick={() => {
                  setName(channel.displayName);
                  setRenaming(false);
                }}
              >
                Cancel
              </button>
            </form>
          ) : (
            <h3 id={headingId} className={styles.name}>
              {channel.displayName}
            </h3>
          )}
          <p className="muted">
            {channel.accountName ? <span>{channel.accountName}</span> : null}
            {channel.accountName && channel.serverUrl ? " · " : null}
            {channel.serverUrl ? <span>{hostOf(channel.serverUrl)}</span> : null}
          </p>
        </div>
      </div>

      <dl className={styles.facts}>
        <div>
          <dt>State</dt>
          <dd>
            <span className={`${styles.state} ${styles[`state_${channel.state}`]}`} data-state={channel.state}>
              {STATE_LABEL[channel.state]}
            </span>
            {channel.state === "needs_reconnect" && channel.stateReason ? (
              <span className={styles.reason}>{channel.stateReason}</span>
            ) : null}
          </dd>
        </div>
        {channel.state === "connected" && !channel.canPublish ? (
          <div>
            <dt>Publishing</dt>
            <dd className="warn">{channel.cannotPublishReason}</dd>
          </div>
        ) : null}
        {channel.reportsQuota && channel.state === "connected" ? <QuotaFact channelId={channel.id} /> : null}
        <div>
          <dt>Last published</dt>
          <dd>{channel.lastPublishedAt ? localDateTime(channel.lastPublishedAt, timezone) : "Never"}</dd>
        </div>
      </dl>

      <fieldset className={styles.colours} disabled={!canManage}>
        <legend>Colour on the calendar</legend>
        {CHANNEL_PALETTE.map((colour) => (
          <button
            key={colour}
            type="button"
            className={styles.colourButton}
            style={{ background: colour }}
            aria-pressed={channel.color === colour}
            aria-label={CHANNEL_COLOR_NAMES[colour]}
            title={CHANNEL_COLOR_NAMES[colour]}
            disabled={update.isPending}
            onClick={() => save({ color: colour })}
          />
        ))}
      </fieldset>

      {/* Rendered out, not `hidden`: .actions is display:flex, which beats the attribute (a Viewer saw them). */}
      {canManage ? (
        <div className={styles.actions}>
          {channel.state === "needs_reconnect" && canReconnect ? (
            <button
              type="button"
              className="button primary"
              aria-expanded={panel === "reconnect"}
              onClick={() => setPanel(panel === "reconnect" ? "none" : "reconnect")}
            >
              Reconnect
            </button>
          ) : null}
          {renaming ? null : (
            <button type="button" className="button" onClick={() => setRenaming(true)}>
              Rename
            </button>
          )}
          <button type="button" className="button" onClick={toggleActive} disabled={update.isPending}>
            {channel.active ? "Disable" : "Enable"}
          </button>
          <DisconnectButton channel={channel} timezone={timezone} />
        </div>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {panel === "reconnect" ? <ReconnectForm channel={channel} login={login} onDone={() => setPanel("none")} /> : null}
    </li>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** What stands in for a missing avatar: the account's first two letters or digits, "@" and dots left out. */
function initialsOf(name: string): string {
  return (name.match(/[\p{L}\p{N}]/gu) ?? ["?"]).slice(0, 2).join("").toUpperCase();
}

/**
 * The platform's publishing quota for this account (Threads: 250 posts per 24 h; Instagram: 100), read when the card
 * shows: "12 of 250 posts in the last 24 hours", a warning at 90 % and over, or why it could not be read.
 */
function QuotaFact({ channelId }: { channelId: string }) {
  const quota = useChannelQuota(channelId, true);
  const q = quota.data;
  const hours = q ? Math.round(q.durationSec / 3600) : 24;
  return (
    <div>
      <dt>Publishing quota</dt>
      <dd className={q && q.usage >= q.total * 0.9 ? "warn" : undefined} data-quota>
        {q
          ? `${q.usage} of ${q.total} posts in the last ${hours} hours`
          : quota.isError
            ? `Could not be read: ${quota.error.message}`
            : "Reading…"}
      </dd>
    </div>
  );
}
