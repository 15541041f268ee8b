import Papa from "papaparse";
import { readSpreadsheetSafeText } from "@/lib/imports/spreadsheet-safe-text";

/** The columns an import file may have (header row, any order, case-insensitive); `text` and `channels` are needed. */
export const IMPORT_COLUMNS = ["text", "channels", "time", "timezone", "tags", "media_urls"] as const;

/** One data row as written in the file; `row` is 1-based and counts data rows (the header is not a row). */
export type ImportRow = {
  row: number;
  text: string;
  channels: string[];
  time: string;
  timezone: string;
  tags: string[];
  mediaUrls: string[];
};

export type ParsedImport = { rows: ImportRow[]; fileProblems: string[] };

/** "a; b|c" → ["a", "b", "c"]: list cells are separated by ";" or "|" (and media URLs also by spaces). */
function splitList(cell: string | undefined, spaces = false): string[] {
  const separator = spaces ? /[;|\s]+/ : /[;|]/;
  return (cell ?? "")
    .split(separator)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/**
 * Reads an import CSV (RFC 4180: quoted fields may hold commas, quotes and line breaks) with papaparse. Columns by
 * header name (IMPORT_COLUMNS; unknown columns such as an export's `id` and `status` are ignored, so an export
 * imports back). `text` drops the "'" an export put before a leading = + - @ (readSpreadsheetSafeText). `channels` are
 * channel ids or names, `tags` and `media_urls` lists (splitList). Blank lines are
 * skipped. `fileProblems` names what makes the whole file unreadable (no header, a missing column, a malformed row
 * from papaparse's errors, each with its row number); rows are returned as read, unchecked.
 */
export function parsePostImport(csv: string): ParsedImport {
  const result = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ""), {
    header: true,
    // Comma-separated, as RFC 4180 says: ";" separates the items of a list cell.
    delimiter: ",",
    skipEmptyLines: "greedy",
    transformHeader: (header) => header.trim().toLowerCase(),
  });
  const fileProblems: string[] = [];
  const fields = result.meta.fields ?? [];
  for (const column of ["text", "channels"]) {
    if (!fields.includes(column)) fileProblems.push(`The header row has no "${column}" column`);
  }
  for (const error of result.errors) {
    // TooFewFields/TooManyFields on a row still yield the row; a quote left open spoils everything after it.
    const where = error.row !== undefined ? `Row ${error.row + 1}: ` : "";
    fileProblems.push(`${where}${error.message}`);
  }
  const rows = result.data.map((record, index) => ({
    row: index + 1,
    text: readSpreadsheetSafeText(record.text ?? ""),
    channels: splitList(record.channels),
    time: (record.time ?? "").trim(),
    timezone: (record.timezone ?? "").trim(),
    tags: splitList(record.tags),
    mediaUrls: splitList(record.media_urls, true),
  }));
  return { rows, fileProblems };
}
