"use client";

import { TimezoneSelect } from "@/components/calendar/timezone-select";
import { nextOccurrence, type WallSlot } from "@/components/composer/next-occurrence";
import { OptimalTimeHeatmap } from "@/components/heatmap/optimal-time-heatmap";
import { useOptimalTimes } from "@/components/hooks/use-optimal-times";
import type { Platform } from "@/lib/generated/prisma/enums";
import { PLATFORM_NAMES } from "@/lib/publishing/platform-names";

const WEEKDAY = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const ZONE_ID = "composer-timezone";
const ERROR_ID = "composer-when-error";

/** Date, time and zone, with the best-time heatmap beside them and the top suggested slots as one-click chips. */
export function TimePicker({
  date,
  time,
  timezone,
  zones,
  platforms,
  platform,
  onPlatform,
  onChange,
  errors,
}: {
  date: string;
  time: string;
  timezone: string;
  /** Zones listed at the top of the zone picker (which offers every IANA zone). */
  zones: string[];
  platforms: Platform[];
  platform: Platform | undefined;
  onPlatform: (platform: Platform) => void;
  onChange: (next: { date?: string; time?: string; timezone?: string }) => void;
  errors: { scheduledAt?: string[]; timezone?: string[] };
}) {
  // The same query (and cache entry) as the heatmap below: one request for both.
  const suggestions = useOptimalTimes({ platform: platform ?? "", timezone });
  const pick = (dayOfWeek: number, hour: number) => {
    const slot: WallSlot | undefined = nextOccurrence({ dayOfWeek, hour, timeZone: timezone });
    if (slot) onChange({ date: slot.date, time: slot.time });
  };
  const top = (suggestions.data?.slots ?? []).slice(0, 4);
  return (
    <fieldset className="composer-when">
      <legend className="composer-section-title">When</legend>
      <div className="composer-when-fields">
        <div className="cal-field">
          <label className="cal-label" htmlFor="composer-date">
            Date
          </label>
          <input
            id="composer-date"
            type="date"
            className="input"
            value={date}
            onChange={(e) => onChange({ date: e.target.value })}
            aria-invalid={!!errors.scheduledAt}
            aria-describedby={errors.scheduledAt ? ERROR_ID : undefined}
          />
        </div>
        <div className="cal-field">
          <label className="cal-label" htmlFor="composer-time">
            Time
          </label>
          <input
            id="composer-time"
            type="time"
            step={60}
            className="input"
            value={time}
            onChange={(e) => onChange({ time: e.target.value })}
            aria-invalid={!!errors.scheduledAt}
            aria-describedby={errors.scheduledAt ? ERROR_ID : undefined}
          />
        </div>
        <TimezoneSelect
          id={ZONE_ID}
          label="Time zone"
          value={timezone}
          first={zones}
          onChange={(zone) => onChange({ timezone: zone })}
          errorId={errors.timezone ? ERROR_ID : undefined}
        />
      </div>
      {errors.scheduledAt || errors.timezone ? (
        <p id={ERROR_ID} className="field-error" role="alert">
          {[...(errors.scheduledAt ?? []), ...(errors.timezone ?? [])].join(" ")}
        </p>
      ) : null}

      <div className="composer-best">
        <div className="composer-best-head">
          <span className="composer-section-title">Best times</span>
          {platforms.length > 1 ? (
            <fieldset className="composer-best-platforms">
              <legend className="visually-hidden">Best times for platform</legend>
              {platforms.map((p) => (
                <button
                  key={p}
                  type="button"
                  className="chip-button"
                  aria-pressed={p === platform}
                  onClick={() => onPlatform(p)}
                >
                  {PLATFORM_NAMES[p]}
                </button>
              ))}
            </fieldset>
          ) : null}
        </div>
        {platform ? (
          <>
            <fieldset className="composer-suggestions">
              <legend className="visually-hidden">Suggested times</legend>
              {suggestions.isPending ? <span className="composer-hint">Loading suggestions…</span> : null}
              {suggestions.isError ? <span className="composer-hint">Suggestions unavailable.</span> : null}
              {top.map((s) => (
                <button
                  key={`${s.dayOfWeek}-${s.hour}`}
                  type="button"
                  className="chip-button"
                  onClick={() => pick(s.dayOfWeek, s.hour)}
                  title={`Score ${Math.round(s.score)}${suggestions.data?.fallback ? " (default, not enough data yet)" : ""}`}
                >
                  {WEEKDAY[s.dayOfWeek]} {String(s.hour).padStart(2, "0")}:00
                </button>
              ))}
              {suggestions.data?.fallback ? (
                <span className="composer-hint">General defaults: too little data yet.</span>
              ) : null}
            </fieldset>
            <OptimalTimeHeatmap platform={platform} timezone={timezone} onPick={pick} compact />
          </>
        ) : (
          <p className="composer-hint">Pick a channel to see its best times.</p>
        )}
      </div>
    </fieldset>
  );
}
