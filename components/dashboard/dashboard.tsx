"use client";

import { useEffect, useState } from "react";
import { HealthStrip } from "@/components/dashboard/health-strip";
import { PostsPanel } from "@/components/dashboard/posts-panel";
import { QueuePanel } from "@/components/dashboard/queue-panel";
import { isUnauthenticated } from "@/lib/hooks/api-fetch";
import { useHealth } from "@/lib/hooks/use-health";
import { dashboardRange, usePosts } from "@/lib/hooks/use-posts";
import { useQueueStatus } from "@/lib/hooks/use-queue-status";

type Props = { token: string; onRejected: () => void; onForget: () => void };

/** Posts, queue and health for the token's workspace, polled every few seconds. */
export function Dashboard({ token, onRejected, onForget }: Props) {
  const [range] = useState(dashboardRange);
  const posts = usePosts(token, range);
  const queue = useQueueStatus(token);
  const health = useHealth(true);

  const rejected = isUnauthenticated(posts.error) || isUnauthenticated(queue.error);
  useEffect(() => {
    if (rejected) onRejected();
  }, [rejected, onRejected]);

  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            ◷
          </span>
          <span>Cadence</span>
        </div>
        <HealthStrip data={health.data} isPending={health.isPending} error={health.error} />
        <button type="button" className="button" onClick={onForget}>
          Forget token
        </button>
      </header>
      <main className="grid">
        <PostsPanel
          posts={posts.data}
          isPending={posts.isPending}
          error={posts.error}
          onRetry={() => void posts.refetch()}
        />
        <QueuePanel
          data={queue.data}
          isPending={queue.isPending}
          error={queue.error}
          onRetry={() => void queue.refetch()}
        />
      </main>
    </div>
  );
}
