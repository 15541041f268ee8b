"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatEngagement } from "@/components/heatmap/heatmap-scale";
import { bestBar, type EngagementBar } from "@/components/insights/aggregate";
import styles from "@/components/insights/insights.module.css";

export const CHART_HEIGHT = 220;

/** One bar chart of engagement rate, with a sentence stating its answer (the chart is not the only signal). */
export function EngagementChart({ title, bars, unit }: { title: string; bars: EngagementBar[]; unit: string }) {
  const best = bestBar(bars);
  const data = bars.map((b) => ({ ...b, percent: b.engagement === null ? null : b.engagement * 100 }));
  return (
    <figure className={styles.chart}>
      <figcaption>
        <span className={styles.chartTitle}>{title}</span>
        <span className="muted">
          {best ? `Highest: ${best.label}${unit} (${formatEngagement(best.engagement)} engagement)` : "No posts yet"}
        </span>
      </figcaption>
      <div style={{ height: CHART_HEIGHT }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid vertical={false} stroke="var(--line)" />
            <XAxis
              dataKey="label"
              tickLine={false}
              interval="preserveStartEnd"
              fontSize={12}
              tick={{ fill: "var(--muted)" }}
            />
            <YAxis
              tickFormatter={(v: number) => `${v.toFixed(1)}%`}
              fontSize={12}
              width={52}
              tick={{ fill: "var(--muted)" }}
            />
            <Tooltip
              cursor={{ fill: "rgb(59 79 216 / 0.08)" }}
              contentStyle={{ background: "var(--card)", borderColor: "var(--line)", color: "var(--text)" }}
              formatter={(value) => [typeof value === "number" ? `${value.toFixed(2)}%` : "no posts", "Engagement"]}
              labelFormatter={(label, payload) => {
                const posts = (payload?.[0]?.payload as EngagementBar | undefined)?.posts ?? 0;
                return `${label}${unit} · ${posts} ${posts === 1 ? "post" : "posts"}`;
              }}
            />
            <Bar dataKey="percent" name="Engagement" fill="#2171b5" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
