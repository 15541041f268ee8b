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

/** What each palette colour is called, for the colour picker's labels (a colour is never shown by colour alone). */
export const CHANNEL_COLOR_NAMES: Record<(typeof CHANNEL_PALETTE)[number], string> = {
  "#2563eb": "Blue",
  "#db2777": "Pink",
  "#047857": "Green",
  "#b45309": "Amber",
  "#7c3aed": "Violet",
  "#0e7490": "Teal",
  "#dc2626": "Red",
  "#4d7c0f": "Olive",
};
