"use client";

import { useState } from "react";
import styles from "@/components/channels/channels.module.css";
import { useConnectOAuth } from "@/components/channels/use-channel-mutations";
import type { OAuthLoginOption } from "@/lib/oauth/list-oauth-logins";

/** What the operator must set before a login can be used: "X_CLIENT_ID and X_CLIENT_SECRET". */
export function missingSettingsText(login: OAuthLoginOption): string {
  return `Not set up on this Cadence: the operator must set ${login.settings.join(" and ")} (see the README).`;
}

/**
 * "Connect X" / "Connect Facebook and Instagram": sends the browser to the platform's sign-in page
 * (POST /api/channels/connect/<login>), or with `channelId` reconnects that channel. Disabled, saying which settings
 * are missing, when the operator has not set the app's credentials.
 */
export function OAuthConnectButton({
  login,
  channelId,
  primary = false,
}: {
  login: OAuthLoginOption;
  channelId?: string;
  primary?: boolean;
}) {
  const connect = useConnectOAuth();
  const [error, setError] = useState<string | null>(null);
  const going = connect.isPending || connect.isSuccess;
  const text = channelId ? `Sign in to ${login.label} again` : `Connect ${login.label}`;
  return (
    <>
      <button
        type="button"
        className={`button${primary ? " primary" : ""}`}
        disabled={!login.configured || going}
        aria-busy={going}
        data-oauth-login={login.login}
        onClick={() => {
          setError(null);
          connect.mutate(
            { login: login.login, channelId },
            {
              onSuccess: ({ authorizeUrl }) => window.location.assign(authorizeUrl),
              onError: (err) => setError(err.message),
            },
          );
        }}
      >
        {text}
      </button>
      {login.configured ? null : <span className={`muted ${styles.hint}`}>{missingSettingsText(login)}</span>}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

/** The way back from "needs reconnect" for a channel of an OAuth login: sign in again as the same account. */
export function OAuthReconnect({ login, channelId }: { login: OAuthLoginOption; channelId: string }) {
  return (
    <div className={styles.form}>
      <p className="muted">
        Sign in to {login.label} as the account this channel publishes as; Cadence gets new tokens and the channel
        publishes again.
      </p>
      <div className={styles.actions}>
        <OAuthConnectButton login={login} channelId={channelId} primary />
      </div>
    </div>
  );
}
