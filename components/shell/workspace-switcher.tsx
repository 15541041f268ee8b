"use client";

import { DropdownMenu } from "radix-ui";
import { useState } from "react";
import { toast } from "sonner";
import { useSession, useSwitchWorkspace } from "@/components/hooks/use-session";
import { NewWorkspaceDialog } from "@/components/shell/new-workspace-dialog";

/**
 * The active workspace and, in a menu, the others the person belongs to, and "New workspace…". Switching (or
 * creating one, which switches to it) resets every query.
 */
export function WorkspaceSwitcher() {
  const { workspace, workspaces } = useSession();
  const switcher = useSwitchWorkspace();
  const [creating, setCreating] = useState(false);
  return (
    <>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger asChild>
          <button type="button" className="button switcher-trigger">
            {/* The name a screen reader hears starts with what is seen (WCAG 2.5.3), after this hidden prefix. */}
            <span className="visually-hidden">Workspace: </span>
            <span className="switcher-name">{workspace.name}</span>
            <span className="switcher-zone muted">{workspace.timezone}</span>
            <span aria-hidden="true">▾</span>
          </button>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu" align="start" sideOffset={6}>
            <DropdownMenu.Label className="menu-label">Workspaces</DropdownMenu.Label>
            <DropdownMenu.RadioGroup
              value={workspace.id}
              onValueChange={(id) => {
                if (id === workspace.id) return;
                const target = workspaces.find((w) => w.id === id);
                switcher.mutate(id, {
                  onSuccess: () => toast.success(`Switched to ${target?.name ?? "workspace"}`),
                  onError: (error) => toast.error(`Could not switch workspace: ${error.message}`),
                });
              }}
            >
              {workspaces.map((w) => (
                <DropdownMenu.RadioItem key={w.id} value={w.id} className="menu-item" disabled={switcher.isPending}>
                  <DropdownMenu.ItemIndicator className="menu-check">✓</DropdownMenu.ItemIndicator>
                  <span>{w.name}</span>
                  <span className="muted menu-meta">
                    {w.timezone}
                    {w.role === "OWNER" ? " · owner" : ""}
                  </span>
                </DropdownMenu.RadioItem>
              ))}
            </DropdownMenu.RadioGroup>
            <DropdownMenu.Separator className="menu-separator" />
            <DropdownMenu.Item className="menu-item" onSelect={() => setCreating(true)}>
              New workspace…
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <NewWorkspaceDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}
