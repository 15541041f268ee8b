/**
 * The colours a channel can take on the calendar, in the order new channels of a workspace receive them. Each is
 * dark enough for white text (WCAG AA contrast ≥ 4.5:1 against #ffffff), so a chip label stays readable.
 * prisma/migrations/20261229200000_channel_state gave existing channels the same list.
 */
export const CHANNEL_PALETTE = [
  "#2563eb",
  "#db2777",
  "#047857",
  "#b45309",
  "#7c3aed",
  "#0e7490",
  "#dc2626",
  "#4d7c0f",
] as const;

/** A #rrggbb colour (lower or upper case). */
export const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
