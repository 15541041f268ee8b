"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import "@/components/calendar/calendar.css";
import { PlatformBadge } from "@/components/calendar/platform-badge";
import { ChannelCard } from "@/components/channels/channel-card";
import styles from "@/components/channels/channels.module.css";
import { BlueskyForm, MastodonForm, SandboxForm, WebhookForm } from "@/components/channels/connect-forms";
import { useChannels } from "@/components/hooks/use-channels";
import { useSession } from "@/components/hooks/use-session";
import page from "@/components/insights/insights.module.css";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/panel-state";
import type { Platform } from "@/lib/generated/prisma/enums";
import type { PlatformAvailability } from "@/lib/publishing/networks/platform-availability";

/** A platform as the page offers it (made on the server from platformAvailability). */
export type PlatformOption = PlatformAvailability & { platform: Platform; name: string };

/** Settings → Channels: every connected account with its state, and "Connect" per platform. */
export function ChannelsPage({ platforms }: { platforms: PlatformOption[] }) {
  const timezone = useSession().workspace.timezone;
  const channels = useChannels();
  const params = useSearchParams();
  const router = useRouter();
  const [open, setOpen] = useState<Platform | null>(null);
  const connected = params.get("connected");
  const failed = params.get("error");
  const returned = connected ? channels.data?.find((c) => c.id === connected) : undefined;
  const dismiss = () => router.replace("/settings/channels");

  const connectable = platforms.filter((p) => !p.comingLater);
  const coming = platforms.filter((p) => p.comingLater);
  const list = channels.data ?? [];

  return (
    <div className={page.page}>
      <header className={page.header}>
        <div>
          <h1>Channels</h1>
          <p className="muted">
            The accounts Cadence publishes to. Posts can be scheduled only to channels that are connected and whose
            network Cadence can publish to.
          </p>
        </div>
      </header>

      {connected ? (
        <div className={styles.notice} role="status">
          <span>{returned ? `${returned.displayName} is connected.` : "The account is connected."}</span>
          <button type="button" className="button" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      ) : null}
      {failed ? (
        <div className={`${styles.notice} ${styles.noticeBad}`} role="alert">
          <span>Connecting failed: {failed}</span>
          <button type="button" className="button" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      ) : null}

      <section className="card" aria-labelledby="channels-heading">
        <div className="card-head">
          <h2 id="channels-heading" className={page.sectionTitle}>
            Your channels
          </h2>
          {channels.data ? <span className="muted">{list.length} connected</span> : null}
        </div>
        {channels.isPending ? (
          <LoadingRows rows={3} label="Loading channels…" />
        ) : channels.isError ? (
          <ErrorState
            title="Channels could not be loaded"
            message={channels.error.message}
            onRetry={() => void channels.refetch()}
          />
        ) : list.length === 0 ? (
          <EmptyState title="No channels yet">Connect one below to start scheduling.</EmptyState>
        ) : (
          <ul className={styles.list}>
            {list.map((c) => (
              <ChannelCard key={c.id} channel={c} timezone={timezone} />
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="connect-heading">
        <h2 id="connect-heading" className={page.sectionTitle}>
          Connect a channel
        </h2>
        <ul className={styles.platforms}>
          {connectable.map((p) => (
            <li key={p.platform} className={styles.platform} data-platform={p.platform}>
              <div className={styles.platformHead}>
                <PlatformBadge platform={p.platform} />
                <span className={styles.platformName}>{p.name}</span>
                <button
                  type="button"
                  className="button"
                  aria-expanded={open === p.platform}
                  onClick={() => setOpen(open === p.platform ? null : p.platform)}
                >
                  Connect {p.name}
                </button>
              </div>
              {open === p.platform ? <ConnectForm platform={p.platform} onDone={() => setOpen(null)} /> : null}
            </li>
          ))}
        </ul>
        <h3 className={styles.comingTitle}>Coming in a later release</h3>
        <ul className={styles.coming} aria-label="Coming in a later release">
          {coming.map((p) => (
            <li key={p.platform} data-platform={p.platform}>
              <PlatformBadge platform={p.platform} />
              <span>{p.name}</span>
              <span className="muted">coming</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function ConnectForm({ platform, onDone }: { platform: Platform; onDone: () => void }) {
  if (platform === "WEBHOOK") return <WebhookForm onDone={onDone} />;
  if (platform === "SANDBOX") return <SandboxForm onDone={onDone} />;
  if (platform === "BLUESKY") return <BlueskyForm onDone={onDone} />;
  if (platform === "MASTODON") return <MastodonForm />;
  return null;
}
