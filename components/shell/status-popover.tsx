"use client";

import { Popover } from "radix-ui";
import { useState } from "react";
import { useHealth } from "@/components/hooks/use-health";
import { useQueueStatus } from "@/components/hooks/use-queue-status";
import { HealthStrip } from "@/components/shell/health-strip";
import { QueuePanel } from "@/components/shell/queue-panel";

/** A dot for "all services up" in the top bar; the health list and the publish queue when opened. */
export function StatusPopover() {
  const [open, setOpen] = useState(false);
  const health = useHealth(true);
  const queue = useQueueStatus(open);
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
            data={queue.data}
            isPending={queue.isPending}
            error={queue.error}
            onRetry={() => void queue.refetch()}
          />
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
