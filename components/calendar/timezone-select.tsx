"use client";

import { Popover } from "radix-ui";
import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from "react";
import { allTimeZones, browserZone, formerZoneName, zoneLabel, zoneSearchText } from "@/components/calendar/time-zones";
import "@/components/calendar/timezone-select.css";

/**
 * The one time-zone picker (calendar, composer, insights): a button showing the zone that opens a searchable list
 * of every IANA zone (time-zones.ts), `first` ones at the top. ARIA combobox pattern: the button
 * is a select-only combobox; in the popover a search box (combobox with list autocomplete) drives a listbox with
 * arrow keys, Home/End, Enter to choose, Escape to close.
 */
export function TimezoneSelect({
  label,
  value,
  onChange,
  first = [],
  hint,
  id,
  errorId,
  disabled = false,
  fill = false,
}: {
  label: string;
  value: string;
  onChange: (zone: string) => void;
  /** Zones listed at the top (the workspace's, the current choice, this device's), in this order. */
  first?: readonly (string | null | undefined)[];
  /** A word after a zone's name ("workspace"); by default this device's zone is marked "this device". */
  hint?: (zone: string) => string | undefined;
  id?: string;
  /** The id of an error message about this field: marks the trigger invalid and described by it. */
  errorId?: string;
  disabled?: boolean;
  /** Take the container's width (and never more) instead of the button's own 15rem. */
  fill?: boolean;
}) {
  const fallbackId = useId();
  const triggerId = id ?? fallbackId;
  const listId = `${triggerId}-list`;
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);

  // `first` and `hint` (new arrays and functions each render) are read when the list opens: labels and offsets are
  // worked out once per opening, not on every keystroke.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  const options = useMemo(() => {
    if (!open) return [];
    const device = browserZone();
    const top = first.filter((z): z is string => !!z);
    const zones = [...new Set([...top, ...allTimeZones(value, ...top)])];
    const now = new Date();
    return zones.map((zone) => {
      const extra = hint?.(zone) ?? (zone === device ? "this device" : undefined);
      const text = zoneLabel(zone, now);
      return {
        zone,
        text,
        hint: extra,
        key: zoneSearchText(`${text} ${zone} ${formerZoneName(zone) ?? ""} ${extra ?? ""}`),
      };
    });
  }, [open, value]);
  const shown = useMemo(() => {
    const words = zoneSearchText(query).split(/\s+/).filter(Boolean);
    return words.length ? options.filter((o) => words.every((w) => o.key.includes(w))) : options;
  }, [options, query]);

  // Opening puts the current zone under the cursor; typing moves it to the first match.
  useEffect(() => {
    if (open)
      setActive(
        Math.max(
          0,
          options.findIndex((o) => o.zone === value),
        ),
      );
  }, [open, options, value]);
  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: "nearest" });
  }, [active]);

  const choose = (zone: string | undefined) => {
    if (!zone) return;
    onChange(zone);
    setOpen(false);
    setQuery("");
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const last = shown.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: Math.min(last, active + 1),
      ArrowUp: Math.max(0, active - 1),
      PageDown: Math.min(last, active + 10),
      PageUp: Math.max(0, active - 10),
      Home: 0,
      End: last,
    };
    if (e.key in moves) {
      e.preventDefault();
      setActive(moves[e.key] ?? 0);
    } else if (e.key === "Enter") {
      e.preventDefault();
      choose(shown[active]?.zone);
    }
  };
  const activeId = shown[active] ? `${listId}-${active}` : undefined;

  return (
    <div className={fill ? "cal-field tz-fill" : "cal-field"}>
      <label className="cal-label" htmlFor={triggerId}>
        {label}
      </label>
      <Popover.Root
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) setQuery("");
        }}
      >
        <Popover.Trigger asChild>
          <button
            type="button"
            id={triggerId}
            role="combobox"
            className="tz-trigger"
            aria-haspopup="listbox"
            aria-expanded={open}
            aria-controls={open ? listId : undefined}
            aria-invalid={errorId ? true : undefined}
            aria-describedby={errorId}
            disabled={disabled}
            data-value={value}
          >
            <span className="tz-value">{value ? zoneLabel(value) : "Loading…"}</span>
            <span className="tz-icon" aria-hidden="true">
              ▾
            </span>
          </button>
        </Popover.Trigger>
        <Popover.Portal>
          <Popover.Content className="tz-content" align="start" sideOffset={4} aria-label={label}>
            <input
              type="text"
              role="combobox"
              className="tz-search"
              aria-label={`Search ${label.toLowerCase()}s`}
              aria-autocomplete="list"
              aria-expanded="true"
              aria-controls={listId}
              aria-activedescendant={activeId}
              placeholder="Search: city, region or GMT+1"
              autoComplete="off"
              spellCheck={false}
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                setActive(0);
              }}
              onKeyDown={onKeyDown}
            />
            <div ref={listRef} id={listId} role="listbox" aria-label={label} className="tz-list">
              {shown.map((o, i) => (
                // biome-ignore lint/a11y/useKeyWithClickEvents: keyboard choice goes through the search box (aria-activedescendant)
                <div
                  key={o.zone}
                  id={`${listId}-${i}`}
                  role="option"
                  tabIndex={-1}
                  aria-selected={o.zone === value}
                  data-index={i}
                  data-zone={o.zone}
                  data-active={i === active ? "true" : undefined}
                  className="tz-option"
                  onMouseMove={() => setActive(i)}
                  onClick={() => choose(o.zone)}
                >
                  {o.text}
                  {o.hint ? <span className="tz-hint"> · {o.hint}</span> : null}
                </div>
              ))}
            </div>
            {shown.length === 0 ? (
              <p className="tz-empty" role="status">
                No time zone matches “{query}”.
              </p>
            ) : null}
          </Popover.Content>
        </Popover.Portal>
      </Popover.Root>
    </div>
  );
}
