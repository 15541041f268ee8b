"use client";

import { useQueries } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useId, useMemo, useState } from "react";
import { OptimalTimeHeatmap } from "@/components/heatmap/optimal-time-heatmap";
import { apiGet } from "@/components/hooks/api-fetch";
import { useChannels } from "@/components/hooks/use-channels";
import { type OptimalTimesResponse, useOptimalTimes } from "@/components/hooks/use-optimal-times";
import { useSession } from "@/components/hooks/use-session";
import { engagementBy } from "@/components/insights/aggregate";
import { busiestPlatform } from "@/components/insights/busiest-platform";
import { HowScored } from "@/components/insights/how-scored";
import styles from "@/components/insights/insights.module.css";
import { INSIGHT_PLATFORMS, type InsightPlatform, isInsightPlatform } from "@/components/insights/platforms";
import { type PickedSlot, SlotOffer } from "@/components/insights/slot-offer";
import { TimezoneSelect } from "@/components/insights/timezone-select";
import { TopSlots } from "@/components/insights/top-slots";
import { useCompose } from "@/components/shell/compose-provider";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/panel-state";
import { PLATFORM_NAMES } from "@/lib/publishing/platform-names";

// recharts is the heaviest thing on this page: load it after the heatmap, into a box of the final height.
const EngagementChart = dynamic(
  () => import("@/components/insights/engagement-charts").then((m) => m.EngagementChart),
  {
    ssr: false,
    loading: () => <div className={`skeleton ${styles.chartSkeleton}`} aria-hidden="true" />,
  },
);

/** Insights: when to post, per platform, from the workspace's own engagement history. */
export function InsightsPage() {
  const { workspace } = useSession();
  const channels = useChannels();
  const [chosenPlatform, setChosenPlatform] = useState<InsightPlatform | null>(null);
  const [chosenZone, setChosenZone] = useState<string | null>(null);
  const platformId = useId();

  const timezone = chosenZone ?? workspace.timezone;
  // Default platform: of the platforms the workspace has channels on, the one with the most measured posts (ties:
  // channel order), else Instagram. Each candidate's answer is the same query the page then shows (one cache).
  const candidates = [...new Set(channels.data?.map((c) => c.platform).filter(isInsightPlatform) ?? [])];
  const answers = useQueries({
    queries: candidates.map((p) => ({
      queryKey: ["optimal-times", p, timezone, null],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        apiGet<OptimalTimesResponse>(
          `/api/scheduling/optimal-times?${new URLSearchParams({ platform: p, timezone })}`,
          null,
          {
            signal,
          },
        ),
      staleTime: 5 * 60_000,
      enabled: chosenPlatform === null,
    })),
  });
  const deciding = chosenPlatform === null && (channels.isPending || answers.some((a) => a.isPending));
  const busiest = busiestPlatform(
    candidates.map((p, i) => ({ platform: p, basedOnPosts: answers[i]?.data?.basedOnPosts ?? 0 })),
  );
  const platform = chosenPlatform ?? busiest ?? "INSTAGRAM";

  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <div>
          <h1>Insights</h1>
          <p className="muted">When your audience engages most, from your own published posts.</p>
        </div>
        <div className={styles.controls}>
          <div className={styles.field}>
            <label htmlFor={platformId}>Platform</label>
            <select
              id={platformId}
              value={platform}
              onChange={(e) => setChosenPlatform(e.target.value as InsightPlatform)}
            >
              {INSIGHT_PLATFORMS.map((p) => (
                <option key={p} value={p}>
                  {PLATFORM_NAMES[p]}
                </option>
              ))}
            </select>
          </div>
          <TimezoneSelect value={timezone} workspaceTimezone={workspace.timezone} onChange={setChosenZone} />
        </div>
      </header>

      {deciding ? (
        <LoadingRows rows={4} label="Finding the platform with the most data…" />
      ) : (
        <InsightsBody platform={platform} timezone={timezone} />
      )}
      <HowScored minPosts={10} />
    </div>
  );
}

function InsightsBody({ platform, timezone }: { platform: InsightPlatform; timezone: string }) {
  const query = useOptimalTimes({ platform, timezone });
  const data = query.data;
  const byHour = useMemo(() => (data ? engagementBy(data.grid, "hour") : []), [data]);
  const byWeekday = useMemo(() => (data ? engagementBy(data.grid, "weekday") : []), [data]);
  const { openNewPost } = useCompose();
  const [picked, setPicked] = useState<PickedSlot | null>(null);

  if (query.isError) {
    return (
      <section className="card">
        <ErrorState
          title="Could not load posting times"
          message={query.error.message}
          onRetry={() => void query.refetch()}
        />
      </section>
    );
  }

  return (
    <>
      <p className={styles.basis} role="status" data-testid="insights-basis">
        {!data
          ? "Loading…"
          : data.fallback
            ? `Not enough data yet for ${PLATFORM_NAMES[platform]}: fewer than 10 published posts with engagement in the last ${data.windowDays} days. Showing suggested defaults.`
            : `Based on ${data.basedOnPosts.toLocaleString()} published posts in the last ${data.windowDays} days, engagement measured at the same age for every post, times in ${data.timezone}.`}
      </p>
      <section className={`card ${styles.heatmapCard}`} aria-labelledby="heatmap-heading">
        <h2 id="heatmap-heading" className={styles.sectionTitle}>
          Posting-time heatmap
        </h2>
        <OptimalTimeHeatmap
          platform={platform}
          timezone={timezone}
          onPick={openNewPost ? (dayOfWeek, hour) => setPicked({ dayOfWeek, hour }) : undefined}
        />
        {picked && openNewPost ? (
          <SlotOffer
            slot={picked}
            timezone={timezone}
            onSchedule={(at) => {
              setPicked(null);
              openNewPost(at);
            }}
            onDismiss={() => setPicked(null)}
          />
        ) : null}
      </section>

      <div className={styles.columns}>
        <section className="card" aria-labelledby="top-slots-heading">
          <h2 id="top-slots-heading" className={styles.sectionTitle}>
            {data?.fallback ? "Suggested default slots" : "Top slots"}
          </h2>
          {!data ? (
            <LoadingRows rows={5} label="Loading top slots…" />
          ) : data.slots.length === 0 ? (
            <EmptyState title="No slots yet" />
          ) : (
            <TopSlots slots={data.slots} fallback={data.fallback} />
          )}
        </section>

        <section className={`card ${styles.charts}`} aria-labelledby="charts-heading">
          <h2 id="charts-heading" className={styles.sectionTitle}>
            Engagement by hour and weekday
          </h2>
          {!data ? (
            <LoadingRows rows={2} label="Loading charts…" />
          ) : data.fallback ? (
            <EmptyState title="No engagement measured yet">
              Charts appear once published posts on {PLATFORM_NAMES[platform]} have engagement metrics (collected
              automatically 1, 24 and 72 hours after publishing).
            </EmptyState>
          ) : (
            <>
              <EngagementChart title="By hour of day" bars={byHour} unit=":00" />
              <EngagementChart title="By day of week" bars={byWeekday} unit="" />
            </>
          )}
        </section>
      </div>
    </>
  );
}
