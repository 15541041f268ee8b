"use client";

import { isServer, MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ApiRequestError, isUnauthenticated } from "@/components/hooks/api-fetch";
import { signInUrl } from "@/lib/auth/safe-next";

/**
 * A 401 from any API call means the session ended (signed out in another tab, expired, membership removed):
 * go to sign-in, and come back here afterwards. The sign-in page's own 401 (wrong password) stays on the form.
 */
function onApiError(error: unknown) {
  if (isServer || !isUnauthenticated(error)) return;
  const here = window.location.pathname + window.location.search;
  if (window.location.pathname.startsWith("/sign-in")) return;
  window.location.assign(signInUrl(here));
}

/** The one query client factory (model: midday's trpc/query-client.ts). */
export function makeQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError: onApiError }),
    mutationCache: new MutationCache({ onError: onApiError }),
    defaultOptions: {
      queries: {
        staleTime: 2_000,
        // A 4xx will not change by asking again (a 401 sends the person to sign-in at once).
        retry: (failureCount, error) =>
          !(error instanceof ApiRequestError && error.status >= 400 && error.status < 500) && failureCount < 2,
        refetchOnWindowFocus: true,
      },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

function getQueryClient() {
  if (isServer) return makeQueryClient(); // never share one cache between requests
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

export function Providers({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={getQueryClient()}>{children}</QueryClientProvider>;
}
