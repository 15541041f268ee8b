/**
 * Explicit ARIA roles for a table whose parts CSS turns into blocks (components/ui/data-table.module.css `.stacked`):
 * with `display: block` on <table>, <tr> and <td>, Safari (VoiceOver on an iPhone — where the stacked layout shows)
 * stops exposing them as a table, row and cells; the roles keep them one (Adrian Roselli, "Tables, CSS Display
 * Properties, and ARIA", https://adrianroselli.com/2018/02/tables-css-display-properties-and-aria.html). Spread on
 * the elements: `<tr {...TABLE_ROLES.row}>`. Redundant to a linter reading the markup only, hence a spread.
 */
export const TABLE_ROLES = {
  table: { role: "table" },
  rowgroup: { role: "rowgroup" },
  row: { role: "row" },
  columnheader: { role: "columnheader" },
  cell: { role: "cell" },
} as const;
