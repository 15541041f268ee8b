"use client";

import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import { ComposerDialog, type ComposerTarget } from "@/components/composer/composer-dialog";
import { setDisplayZone } from "@/components/hooks/display-zone";
import { useCan } from "@/components/hooks/use-permission";
import { useSession } from "@/components/hooks/use-session";
// The composer's dialog styles live with the calendar's (the page that opened it first); any page may open it now.
import "@/components/calendar/calendar.css";

type NewPostTarget = Omit<ComposerTarget, "postId" | "timezone"> & { timezone?: string };
type Compose = {
  /** Opens the composer on a new post (optionally at a date, time and zone); null when the role cannot write posts. */
  openNewPost: ((target?: NewPostTarget) => void) | null;
};

const ComposeContext = createContext<Compose>({ openNewPost: null });

/**
 * The composer for new posts opened from anywhere in the dashboard (the `n` shortcut, Insights' "schedule a post at
 * this slot"): the same ComposerDialog the calendar opens, in the workspace's zone unless told otherwise.
 */
export function ComposeProvider({ children }: { children: ReactNode }) {
  const zone = useSession().workspace.timezone;
  const canWrite = useCan("posts:write");
  setDisplayZone(zone); // API error messages name times in this zone (components/hooks/display-zone.ts)
  const [target, setTarget] = useState<(ComposerTarget & { key: number }) | null>(null);
  const openNewPost = useCallback(
    (next: NewPostTarget = {}) => setTarget({ ...next, timezone: next.timezone ?? zone, key: Date.now() }),
    [zone],
  );
  const value = useMemo(() => ({ openNewPost: canWrite ? openNewPost : null }), [canWrite, openNewPost]);
  const zones = [...new Set([zone, ...(target ? [target.timezone] : [])])];
  return (
    <ComposeContext.Provider value={value}>
      {children}
      <ComposerDialog target={target} post={undefined} zones={zones} onClose={() => setTarget(null)} />
    </ComposeContext.Provider>
  );
}

export function useCompose(): Compose {
  return useContext(ComposeContext);
}
