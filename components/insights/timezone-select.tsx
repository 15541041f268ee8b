"use client";

import { TimezoneSelect as ZonePicker } from "@/components/calendar/timezone-select";
import styles from "@/components/insights/insights.module.css";

/** The insights page's zone: the shared searchable picker of every IANA zone, the workspace's first. */
export function TimezoneSelect({
  value,
  workspaceTimezone,
  onChange,
}: {
  value: string | null;
  workspaceTimezone: string | null;
  onChange: (zone: string) => void;
}) {
  return (
    <div className={styles.field}>
      <ZonePicker
        label="Time zone"
        value={value ?? ""}
        first={[workspaceTimezone, value]}
        hint={(zone) => (zone === workspaceTimezone ? "workspace" : undefined)}
        onChange={onChange}
        disabled={!value}
        fill
      />
    </div>
  );
}
