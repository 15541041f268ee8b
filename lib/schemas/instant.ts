import { z } from "zod";
import { INSTANT_RANGE_HELP, instantOutOfRange } from "@/lib/time/instant-range";

/**
 * An ISO 8601 instant with offset ("2026-05-01T09:00:00+02:00", "…Z") inside lib/time/instant-range
 * (1970-01-01 to 9999-12-31 UTC): the one schema of every time field read from input (posts list from/to,
 * suggested-times and evergreen `from`, metrics `collectedAt`). Stays a string; `new Date(v)` reads it exactly.
 */
export const instantSchema = z.iso
  .datetime({ offset: true })
  // A string that is no date at all is the format check's issue alone (one issue per field).
  .refine(
    (v) => Number.isNaN(Date.parse(v)) || instantOutOfRange(new Date(v)) === null,
    `must be ${INSTANT_RANGE_HELP}`,
  );
