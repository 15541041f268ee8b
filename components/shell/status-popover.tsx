"use client";

import { Popover } from "radix-ui";
import { useState } from "react";
import { useAttention } from "@/components/hooks/use-attention";
import { useHealth } from "@/components/hooks/use-health";
import { useQueueStatus } from "@/components/hooks/use-queue-status";
import { HealthStrip } from "@/components/shell/health-strip";
import { QueuePanel } from "@/components/shell/queue-panel";

/**
 * A dot for "all services up" in the top bar; when opened, the health list and the workspace's posts by state (from
 * the database, shared with the "Needs attention" badge) with whether a worker is alive.
 */
export function StatusPopover() {
  const [open, setOpen] = useState(false);
  const health = useHealth(true);
  const queue = useQueueStatus(open);
  const attention = useAttention();
  const down = health.data ? Object.values(health.data.checks).filter((c) => !c.ok).length : 0;
  const state = health.isPending ? "checking" : !health.data ? "unknown" : down ? "down" : "ok";
  const label =
    state === "ok"
      ? "All services up"
      : state === "down"
        ? `${down} service${down === 1 ? "" : "s"} down`
        : state === "checking"
          ? "Checking services"
          : "Status unknown";
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger asChild>
        <button type="button" className="button status-trigger" aria-label={`System status: ${label}`}>
          <span className={`dot ${state === "ok" ? "dot-ok" : state === "down" ? "dot-down" : "dot-wait"}`} />
          <span className="status-label">Status</span>
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="popover" align="end" sideOffset={6}>
          <HealthStrip data={health.data} isPending={health.isPending} error={health.error} />
          <QueuePanel
            counts={attention.data?.counts}
            liveWorkers={queue.data?.liveWorkers}
            isPending={attention.isPending}
            error={attention.error}
            onRetry={() => void attention.refetch()}
          />
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
