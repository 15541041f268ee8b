/** A cell that starts like this runs as a formula in Excel, LibreOffice and Google Sheets (OWASP "CSV Injection"). */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/**
 * An exported text cell made safe to open in a spreadsheet: a cell starting with = + - @ tab or CR (after any
 * apostrophes) gets one more leading "'", which spreadsheets show as text (OWASP, "CSV Injection"). The mapping is
 * one-to-one, so readSpreadsheetSafeText gives back exactly the text that was exported.
 */
export function spreadsheetSafeText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The inverse of spreadsheetSafeText: drops the one "'" it added, so "'=1+1" imports as "=1+1". */
export function readSpreadsheetSafeText(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell) ? cell.slice(1) : cell;
}
