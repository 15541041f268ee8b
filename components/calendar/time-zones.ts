/** Zones offered by the switcher besides the workspace's and the browser's. */
export const COMMON_ZONES = [
  "UTC",
  "America/Los_Angeles",
  "America/Denver",
  "America/Chicago",
  "America/New_York",
  "America/Sao_Paulo",
  "Europe/London",
  "Europe/Berlin",
  "Europe/Paris",
  "Europe/Istanbul",
  "Asia/Dubai",
  "Asia/Kolkata",
  "Asia/Singapore",
  "Asia/Tokyo",
  "Australia/Sydney",
  "Pacific/Auckland",
];

export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** The switcher's options: the given zones first (workspace, browser, the current choice), then the common ones. */
export function zoneOptions(...first: (string | undefined)[]): string[] {
  return [...new Set([...first.filter((z): z is string => !!z), ...COMMON_ZONES])];
}

/** "Europe/Berlin (GMT+1)" at `at`, so a person sees the offset that applies now. */
export function zoneLabel(zone: string, at = new Date()): string {
  const offset = new Intl.DateTimeFormat("en-GB", { timeZone: zone, timeZoneName: "shortOffset" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  return `${zone.replaceAll("_", " ")}${offset ? ` (${offset})` : ""}`;
}
