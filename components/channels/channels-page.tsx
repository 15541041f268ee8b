"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import "@/components/calendar/calendar.css";
import { PlatformBadge } from "@/components/calendar/platform-badge";
import { AccountPicker } from "@/components/channels/account-picker";
import { ChannelCard } from "@/components/channels/channel-card";
import styles from "@/components/channels/channels.module.css";
import { BlueskyForm, MastodonForm, SandboxForm, WebhookForm } from "@/components/channels/connect-forms";
import { OAuthConnectButton } from "@/components/channels/oauth-connect";
import { useChannels } from "@/components/hooks/use-channels";
import { useCan } from "@/components/hooks/use-permission";
import { useSession } from "@/components/hooks/use-session";
import page from "@/components/insights/insights.module.css";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/panel-state";
import type { Platform } from "@/lib/generated/prisma/enums";
import type { OAuthLoginOption } from "@/lib/oauth/list-oauth-logins";
import type { PlatformAvailability } from "@/lib/publishing/networks/platform-availability";

/**
 * A platform as the page offers it (made on the server from platformAvailability); `login` is the OAuth login
 * that creates its channels (lib/oauth/list-oauth-logins.ts), null for the others.
 */
export type PlatformOption = PlatformAvailability & { platform: Platform; name: string; login: Platform | null };

/**
 * Settings → Channels: every connected account with its state, and "Connect" per platform — once per OAuth login
 * ("Connect Facebook and Instagram"). The connect flows come back here with ?connected=, ?notice=, ?error= or
 * ?choose= (the account picker).
 */
export function ChannelsPage({ platforms, logins }: { platforms: PlatformOption[]; logins: OAuthLoginOption[] }) {
  const timezone = useSession().workspace.timezone;
  // Connecting needs channels:manage; the others see the channels and a note instead of the connect forms.
  const canManage = useCan("channels:manage");
  const channels = useChannels();
  const params = useSearchParams();
  const router = useRouter();
  const [open, setOpen] = useState<Platform | null>(null);
  const connected = params.get("connected");
  const reconnected = params.get("reconnected") === "1";
  const failed = params.get("error");
  const notice = params.get("notice");
  const choose = params.get("choose");
  const returned = connected ? channels.data?.find((c) => c.id === connected) : undefined;
  const dismiss = () => router.replace("/settings/channels");

  // A login creating channels of several platforms (Meta's) is offered once, in its own platform's place.
  const connectable = platforms.filter((p) => !p.comingLater && (p.login === null || p.login === p.platform));
  const loginOf = (platform: Platform | null) => logins.find((l) => l.login === platform) ?? null;
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
          <span>
            {returned ? returned.displayName : "The account"} is {reconnected ? "reconnected" : "connected"}.
          </span>
          <button type="button" className="button" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      ) : null}
      {notice ? (
        <div className={styles.notice} role="status">
          <span>{notice}</span>
          <button type="button" className="button" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      ) : null}
      {choose ? <AccountPicker choiceId={choose} onClose={dismiss} /> : null}
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
              <ChannelCard
                key={c.id}
                channel={c}
                timezone={timezone}
                login={loginOf(platforms.find((p) => p.platform === c.platform)?.login ?? null)}
              />
            ))}
          </ul>
        )}
      </section>

      {canManage ? null : (
        <p className="muted" role="note">
          Your role can see the channels but not connect, change or disconnect them.
        </p>
      )}
      <section className="card" aria-labelledby="connect-heading" hidden={!canManage}>
        <h2 id="connect-heading" className={page.sectionTitle}>
          Connect a channel
        </h2>
        <ul className={styles.platforms}>
          {connectable.map((p) => {
            const login = loginOf(p.login);
            if (login) {
              return (
                <li key={p.platform} className={styles.platform} data-platform={p.platform}>
                  <div className={styles.platformHead}>
                    {login.channelPlatforms.map((cp) => (
                      <PlatformBadge key={cp} platform={cp} />
                    ))}
                    <span className={styles.platformName}>{login.label}</span>
                    <OAuthConnectButton login={login} />
                  </div>
                </li>
              );
            }
            return (
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
            );
          })}
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
