"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import { toast } from "sonner";
import { ComposerDialog, type ComposerTarget } from "@/components/composer/composer-dialog";
import { apiGet } from "@/components/hooks/api-fetch";
import type { PostView } from "@/components/hooks/api-types";
import { setDisplayZone } from "@/components/hooks/display-zone";
import { POLL_MS } from "@/components/hooks/poll";
import { POSTS_KEY } from "@/components/hooks/use-calendar-posts";
import { useCan } from "@/components/hooks/use-permission";
import { useSession } from "@/components/hooks/use-session";
// The composer's dialog styles live with the calendar's (the page that opened it first); any page may open it now.
import "@/components/calendar/calendar.css";

type NewPostTarget = Omit<ComposerTarget, "postId" | "timezone"> & { timezone?: string };
type Compose = {
  /** Opens the composer on a new post (optionally at a date, time and zone); null when the role cannot write posts. */
  openNewPost: ((target?: NewPostTarget) => void) | null;
  /** Opens the composer on an existing post (loaded first; a post that cannot be loaded is reported in a toast). */
  openPost: (postId: string) => void;
};

const ComposeContext = createContext<Compose>({ openNewPost: null, openPost: () => undefined });

const onePostKey = (postId: string | null) => [...POSTS_KEY, "one", postId] as const;

/**
 * The composer opened from anywhere in the dashboard (the `n` shortcut, Insights' "schedule a post at this slot",
 * the Queue page's slots and posts): the same ComposerDialog the calendar opens, in the workspace's zone unless told
 * otherwise. An existing post is kept fresh while it is open (the worker may publish it).
 */
export function ComposeProvider({ children }: { children: ReactNode }) {
  const zone = useSession().workspace.timezone;
  const canWrite = useCan("posts:write");
  setDisplayZone(zone); // API error messages name times in this zone (components/hooks/display-zone.ts)
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<(ComposerTarget & { key: number }) | null>(null);
  const openNewPost = useCallback(
    (next: NewPostTarget = {}) => setTarget({ ...next, timezone: next.timezone ?? zone, key: Date.now() }),
    [zone],
  );
  // The form starts from the whole post, so it is loaded before the dialog opens (as the calendar does).
  const openPost = useCallback(
    (postId: string) => {
      queryClient
        .fetchQuery({
          queryKey: onePostKey(postId),
          queryFn: ({ signal }) => apiGet<PostView>(`/api/posts/${encodeURIComponent(postId)}`, null, { signal }),
        })
        .then(
          (post) => setTarget({ postId, timezone: post.timezone ?? zone, key: Date.now() }),
          (error: Error) => toast.error(`That post could not be opened: ${error.message}`),
        );
    },
    [queryClient, zone],
  );
  const openId = target?.postId ?? null;
  const opened = useQuery({
    queryKey: onePostKey(openId),
    queryFn: ({ signal }) => apiGet<PostView>(`/api/posts/${encodeURIComponent(openId ?? "")}`, null, { signal }),
    enabled: openId !== null,
    refetchInterval: POLL_MS,
  });
  const value = useMemo(
    () => ({ openNewPost: canWrite ? openNewPost : null, openPost }),
    [canWrite, openNewPost, openPost],
  );
  const zones = [...new Set([zone, ...(target ? [target.timezone] : [])])];
  const post = openId && opened.data?.id === openId ? opened.data : undefined;
  return (
    <ComposeContext.Provider value={value}>
      {children}
      <ComposerDialog target={target} post={post} zones={zones} onClose={() => setTarget(null)} />
    </ComposeContext.Provider>
  );
}

export function useCompose(): Compose {
  return useContext(ComposeContext);
}
