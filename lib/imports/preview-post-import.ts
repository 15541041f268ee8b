import type { Db } from "@/lib/db/prisma";
import { type CheckedImportRow, checkImportRows, type PlannedImportPost } from "@/lib/imports/check-import-rows";
import { parsePostImport } from "@/lib/imports/parse-post-import";

export type ImportPreview = {
  /** Problems with the file as a whole (a missing column, a broken quote); none for a readable file. */
  fileProblems: string[];
  rows: CheckedImportRow[];
  /** Rows without a problem; the import goes ahead only when this is every row and there are no file problems. */
  validRows: number;
  ok: boolean;
};

/**
 * What importing `csv` would do, writing nothing: the file read (parsePostImport) and every row checked
 * (checkImportRows) with each row's problems named. `planned` (not part of the answer) are the rows ready to write.
 */
export async function previewPostImport({
  db,
  workspaceId,
  csv,
  now,
}: {
  db: Db;
  workspaceId: string;
  csv: string;
  now: Date;
}): Promise<ImportPreview & { planned: PlannedImportPost[] }> {
  const parsed = parsePostImport(csv);
  const fileProblems = [...parsed.fileProblems];
  if (fileProblems.length === 0 && parsed.rows.length === 0) fileProblems.push("The file has no rows to import");
  const { rows, planned } =
    fileProblems.length > 0 && parsed.rows.length === 0
      ? { rows: [], planned: [] }
      : await checkImportRows({ db, workspaceId, rows: parsed.rows, now });
  const ok = fileProblems.length === 0 && rows.length > 0 && planned.length === rows.length;
  return { fileProblems, rows, validRows: planned.length, ok, planned };
}
