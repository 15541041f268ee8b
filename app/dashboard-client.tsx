"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { Dashboard } from "@/components/dashboard/dashboard";
import { TokenForm } from "@/components/dashboard/token-form";
import { useApiToken } from "@/lib/hooks/use-api-token";

const REJECTED = "Token not accepted: it may have been revoked. Enter a valid workspace API token.";

/** Token form until a token is accepted, then the dashboard; any 401 later returns here with a notice. */
export function DashboardClient() {
  const { token, setToken, forgetToken } = useApiToken();
  const [notice, setNotice] = useState<string | null>(null);
  const queryClient = useQueryClient();

  const leave = useCallback(
    (message: string | null) => {
      queryClient.clear(); // no workspace data survives the token that fetched it
      forgetToken();
      setNotice(message);
    },
    [queryClient, forgetToken],
  );
  const onRejected = useCallback(() => leave(REJECTED), [leave]);
  const onForget = useCallback(() => leave(null), [leave]);

  if (token === undefined) return <main className="token-page" aria-busy="true" />;
  if (!token)
    return (
      <TokenForm
        notice={notice}
        onAccepted={(accepted) => {
          setNotice(null);
          setToken(accepted);
        }}
      />
    );
  return <Dashboard token={token} onRejected={onRejected} onForget={onForget} />;
}
