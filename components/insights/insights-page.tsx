"use client";

import dynamic from "next/dynamic";
import { useId, useMemo, useState } from "react";
import { OptimalTimeHeatmap } from "@/components/heatmap/optimal-time-heatmap";
import { useChannels } from "@/components/hooks/use-channels";
import { useOptimalTimes } from "@/components/hooks/use-optimal-times";
import { useSession } from "@/components/hooks/use-session";
import { engagementBy } from "@/components/insights/aggregate";
import styles from "@/components/insights/insights.module.css";
import { INSIGHT_PLATFORMS, type InsightPlatform, isInsightPlatform } from "@/components/insights/platforms";
import { TimezoneSelect } from "@/components/insights/timezone-select";
import { TopSlots } from "@/components/insights/top-slots";
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

  // Default platform: the first social platform the workspace has a channel on, else Instagram.
  const channelPlatform = channels.data?.map((c) => c.platform).find(isInsightPlatform);
  const platform = chosenPlatform ?? channelPlatform ?? "INSTAGRAM";
  const timezone = chosenZone ?? workspace.timezone;

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

      <InsightsBody platform={platform} timezone={timezone} />
    </div>
  );
}

function InsightsBody({ platform, timezone }: { platform: InsightPlatform; timezone: string }) {
  const query = useOptimalTimes({ platform, timezone });
  const data = query.data;
  const byHour = useMemo(() => (data ? engagementBy(data.grid, "hour") : []), [data]);
  const byWeekday = useMemo(() => (data ? engagementBy(data.grid, "weekday") : []), [data]);

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
        <OptimalTimeHeatmap platform={platform} timezone={timezone} />
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
