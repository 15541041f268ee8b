/**
 * Zones that ICU (and so `Intl.supportedValuesOf("timeZone")` and `resolvedOptions().timeZone` in Chromium and
 * Node) still names by their former IANA spelling, mapped to the current one. Renames only, from the IANA tz
 * database's `backward` file (https://data.iana.org/time-zones/tzdb/backward): a link to another city (e.g.
 * Europe/Bratislava → Europe/Prague) is a zone of its own for a person and stays. Both spellings are valid zones.
 */
export const RENAMED_ZONES: Readonly<Record<string, string>> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Coral_Harbour": "America/Atikokan",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

const FORMER_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(RENAMED_ZONES).map(([former, current]) => [current, former]),
);

/** The current IANA name of `zone` ("Asia/Calcutta" → "Asia/Kolkata"); any other zone as it is. */
export function currentZoneName(zone: string): string {
  return RENAMED_ZONES[zone] ?? zone;
}

/** The former name a renamed zone is still known by ("Asia/Kolkata" → "Asia/Calcutta"), for search. */
export function formerZoneName(zone: string): string | undefined {
  return FORMER_NAMES[zone];
}

/**
 * Every zone the picker offers: the runtime's IANA zones (Intl.supportedValuesOf("timeZone")) under their current
 * names, plus "UTC" (which Chromium leaves out of that list) and any `extra` zone such as a workspace's alias
 * ("Asia/Calcutta"), which the API accepts too. Sorted, each once.
 */
export function allTimeZones(...extra: (string | null | undefined)[]): string[] {
  const known = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set(["UTC", ...known.map(currentZoneName), ...extra.filter((z): z is string => !!z)])].sort((a, b) =>
    a === "UTC" ? -1 : b === "UTC" ? 1 : a.localeCompare(b),
  );
}

/** This device's zone, under its current IANA name. */
export function browserZone(): string {
  return currentZoneName(Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
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
