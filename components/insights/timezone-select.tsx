"use client";

import { useId, useMemo } from "react";
import { browserZone } from "@/components/calendar/time-zones";
import styles from "@/components/insights/insights.module.css";

/**
 * A native <select> of IANA zones (light, accessible, a proper picker on phones): the workspace's and the
 * browser's zone first, then every zone the browser knows.
 */
export function TimezoneSelect({
  value,
  workspaceTimezone,
  onChange,
}: {
  value: string | null;
  workspaceTimezone: string | null;
  onChange: (zone: string) => void;
}) {
  const id = useId();
  const zones = useMemo(() => {
    const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
    return value && !all.includes(value) ? [value, ...all] : all;
  }, [value]);
  const local = browserZone();
  return (
    <div className={styles.field}>
      <label htmlFor={id}>Time zone</label>
      <select id={id} value={value ?? ""} disabled={!value} onChange={(e) => onChange(e.target.value)}>
        {value ? null : <option value="">Loading…</option>}
        <optgroup label="Suggested">
          {workspaceTimezone ? <option value={workspaceTimezone}>{workspaceTimezone} (workspace)</option> : null}
          {local && local !== workspaceTimezone ? <option value={local}>{local} (this device)</option> : null}
        </optgroup>
        <optgroup label="All time zones">
          {zones
            .filter((z) => z !== workspaceTimezone && z !== local)
            .map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
        </optgroup>
      </select>
    </div>
  );
}
