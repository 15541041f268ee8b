"use client";

import { accountLabelOf, ChannelAvatar } from "@/components/calendar/channel-avatar";
import type { ChannelView } from "@/components/hooks/use-channels";
import styles from "@/components/queue/queue.module.css";

/**
 * Which channel's queue to show: "All channels" or one, as toggle chips (one pressed at a time) with each account's
 * avatar ringed in its calendar colour, as the calendar shows accounts. Each chip shows the channel's name and is
 * named by its whole account ("Brand A · @brand.a (Bluesky)", the rest visually hidden), so channels with the same
 * display name stay apart for a screen reader too.
 */
export function ChannelChips({
  channels,
  value,
  onChange,
}: {
  channels: ChannelView[];
  /** The chosen channel's id; null = all channels. */
  value: string | null;
  onChange: (channelId: string | null) => void;
}) {
  return (
    <div className={styles.chips}>
      <button
        type="button"
        className={`${styles.chip} ${styles.chipAll}`}
        aria-pressed={value === null}
        onClick={() => onChange(null)}
      >
        All channels
      </button>
      {channels.map((c) => (
        <button
          key={c.id}
          type="button"
          className={styles.chip}
          aria-pressed={value === c.id}
          title={accountLabelOf(c)}
          data-channel-id={c.id}
          onClick={() => onChange(c.id)}
        >
          <ChannelAvatar channel={c} size={24} decorative />
          {c.displayName}
          <span className="visually-hidden">{accountLabelOf(c).slice(c.displayName.length)}</span>
        </button>
      ))}
    </div>
  );
}
