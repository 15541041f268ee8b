"use client";

import { useState } from "react";
import { toast } from "sonner";
import { useApiTokens } from "@/components/hooks/use-api-tokens";
import { useCan } from "@/components/hooks/use-permission";
import page from "@/components/insights/insights.module.css";
import { CreateTokenForm } from "@/components/settings/create-token-form";
import { RevokeTokenButton } from "@/components/settings/revoke-token-button";
import styles from "@/components/settings/settings.module.css";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/panel-state";

const when = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : "—";

/** Settings → API tokens: the workspace's tokens, a new one (its secret shown once, with a copy button), revoke. */
export function ApiTokensPage() {
  const canManage = useCan("tokens:manage");
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  return (
    <div className={page.page}>
      <header className={page.header}>
        <div>
          <h1>API tokens</h1>
          <p className="muted">
            Scripts and the API use a token: <code>Authorization: Bearer &lt;token&gt;</code>. A read token can only
            read; a read-and-write token can also create and schedule posts.
          </p>
        </div>
      </header>
      {canManage ? (
        <>
          {secret ? <NewTokenSecret {...secret} onDone={() => setSecret(null)} /> : null}
          <CreateTokenForm onCreated={setSecret} />
          <TokenList />
        </>
      ) : (
        <EmptyState title="Only an Owner or Admin manages API tokens" />
      )}
    </div>
  );
}

function NewTokenSecret({ name, token, onDone }: { name: string; token: string; onDone: () => void }) {
  return (
    <section className={styles.secret} aria-labelledby="new-token-title">
      <h2 id="new-token-title">Token {name} created</h2>
      <p>Copy it now: it is shown this once, and Cadence keeps only its fingerprint.</p>
      <code data-testid="new-token">{token}</code>
      <div className={styles.row}>
        <button
          type="button"
          className="button primary"
          onClick={() =>
            navigator.clipboard.writeText(token).then(
              () => toast.success("Token copied"),
              () => toast.error("Could not copy: select the token and copy it"),
            )
          }
        >
          Copy token
        </button>
        <button type="button" className="button" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}

function TokenList() {
  const tokens = useApiTokens();
  if (tokens.isPending) return <LoadingRows rows={3} label="Loading tokens…" />;
  if (tokens.isError)
    return <ErrorState title="Could not load tokens" message={tokens.error.message} onRetry={() => tokens.refetch()} />;
  if (tokens.data.tokens.length === 0) return <EmptyState title="No tokens yet" />;
  return (
    <section className="card" aria-labelledby="tokens-title">
      <h2 id="tokens-title">Tokens</h2>
      <div className={styles.tableWrap}>
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Token</th>
              <th scope="col">Scope</th>
              <th scope="col">Last used</th>
              <th scope="col">Created</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.tokens.map((t) => (
              <tr key={t.id}>
                <th scope="row">{t.name}</th>
                <td>
                  <code>{t.prefix}…</code>
                </td>
                <td>{t.scope === "read" ? "Read" : "Read and write"}</td>
                <td>{t.lastUsedAt ? when(t.lastUsedAt) : "Never"}</td>
                <td>{when(t.createdAt)}</td>
                <td>{t.revokedAt ? `Revoked ${when(t.revokedAt)}` : <RevokeTokenButton token={t} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
