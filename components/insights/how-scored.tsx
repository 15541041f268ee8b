import { LOW_CONFIDENCE } from "@/components/heatmap/heatmap-scale";
import styles from "@/components/insights/insights.module.css";
import { SHRINKAGE_K } from "@/lib/optimal-times/score-slots";

/**
 * What the numbers on Insights mean, in the page's words (the method: lib/optimal-times/score-slots.ts,
 * lib/metrics/engagement-rollup.ts; README "Optimal posting times").
 */
export function HowScored({ minPosts }: { minPosts: number }) {
  const k = SHRINKAGE_K;
  return (
    <details className={`card ${styles.howScored}`} data-testid="insights-explainer">
      <summary>How these numbers are worked out</summary>
      <dl>
        <dt>Engagement rate</dt>
        <dd>
          For each published post: (likes + comments + shares + saves + clicks) ÷ reach, or ÷ followers when the
          platform reports no reach — read at the same age for every post (its latest reading 24–72 hours after
          publishing), so an older post does not win by having had longer.
        </dd>
        <dt>Slot estimate</dt>
        <dd>
          Posts are grouped by the weekday and hour they went out, in the zone shown. A slot’s estimate is its own
          average pulled toward the overall average: (n × slot average + {k} × overall average) ÷ (n + {k}), where n is
          the number of posts in that slot. The few most extreme posts (1 %, at least 2, at each end) are clamped first,
          so one viral post cannot carry a slot.
        </dd>
        <dt>Score</dt>
        <dd>100 × slot estimate ÷ best slot’s estimate: the best slot is 100, a slot half as good is 50.</dd>
        <dt>Confidence</dt>
        <dd>
          n ÷ (n + {k}): how much of the estimate is the slot’s own posts rather than the overall average — 0 % with no
          posts, 50 % at {k} posts, 80 % at {k * 4}. Below {Math.round(LOW_CONFIDENCE * 100)} % (a single post) the cell
          is hatched: a guess, not a finding.
        </dd>
        <dt>Suggested defaults</dt>
        <dd>
          With fewer than {minPosts} measured posts on a platform, the heatmap shows commonly published rules of thumb
          instead of measurements of your audience.
        </dd>
      </dl>
    </details>
  );
}
