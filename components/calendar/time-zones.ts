/**
 * Every zone the picker offers: the runtime's IANA zones (Intl.supportedValuesOf("timeZone"), canonical names),
 * plus "UTC" (which Chromium leaves out of that list) and any `extra` zone such as a workspace's alias
 * ("Asia/Calcutta"), which the API accepts too. Sorted, each once.
 */
export function allTimeZones(...extra: (string | null | undefined)[]): string[] {
  const known = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set(["UTC", ...known, ...extra.filter((z): z is string => !!z)])].sort((a, b) =>
    a === "UTC" ? -1 : b === "UTC" ? 1 : a.localeCompare(b),
  );
}

export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** "Europe/Berlin (GMT+1)" at `at`, so a person sees the offset that applies now. */
export function zoneLabel(zone: string, at = new Date()): string {
  const offset = new Intl.DateTimeFormat("en-GB", { timeZone: zone, timeZoneName: "shortOffset" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  return `${zone.replaceAll("_", " ")}${offset ? ` (${offset})` : ""}`;
}

/** Search key of a zone label: lower case, "_" and "/" as spaces ("new york", "berlin", "gmt+5:30" all match). */
export function zoneSearchText(label: string): string {
  return label.toLowerCase().replaceAll(/[_/]/g, " ");
}
