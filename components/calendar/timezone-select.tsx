"use client";

import { Select } from "radix-ui";
import { useId } from "react";
import { zoneLabel } from "@/components/calendar/time-zones";

/** A labelled Radix Select of IANA zones; `hint` names special entries ("workspace", "this device"). */
export function TimezoneSelect({
  label,
  value,
  options,
  onChange,
  hint,
  id,
  errorId,
}: {
  label: string;
  value: string;
  options: string[];
  onChange: (zone: string) => void;
  hint?: (zone: string) => string | undefined;
  id?: string;
  /** The id of an error message about this field: marks the trigger invalid and described by it. */
  errorId?: string;
}) {
  const fallbackId = useId();
  const triggerId = id ?? fallbackId;
  return (
    <div className="cal-field">
      <label className="cal-label" htmlFor={triggerId}>
        {label}
      </label>
      <Select.Root value={value} onValueChange={onChange}>
        <Select.Trigger
          id={triggerId}
          className="cal-select-trigger"
          aria-label={label}
          aria-invalid={errorId ? true : undefined}
          aria-describedby={errorId}
        >
          <Select.Value />
          <Select.Icon className="cal-select-icon" aria-hidden="true">
            ▾
          </Select.Icon>
        </Select.Trigger>
        <Select.Portal>
          <Select.Content className="cal-select-content" position="popper" sideOffset={4}>
            <Select.Viewport>
              {options.map((zone) => {
                const extra = hint?.(zone);
                return (
                  <Select.Item key={zone} value={zone} className="cal-select-item">
                    <Select.ItemText>{zoneLabel(zone)}</Select.ItemText>
                    {extra ? <span className="cal-select-hint"> · {extra}</span> : null}
                  </Select.Item>
                );
              })}
            </Select.Viewport>
          </Select.Content>
        </Select.Portal>
      </Select.Root>
    </div>
  );
}
