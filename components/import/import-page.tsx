"use client";

import Link from "next/link";
import { type ChangeEvent, useState } from "react";
import { toast } from "sonner";
import { humanizeMessage } from "@/components/hooks/display-zone";
import { useCan } from "@/components/hooks/use-permission";
import { type ImportPreview, useImportPosts, usePreviewImport } from "@/components/hooks/use-post-import";
import styles from "@/components/import/import.module.css";
import page from "@/components/insights/insights.module.css";
import table from "@/components/ui/data-table.module.css";
import { TABLE_ROLES } from "@/components/ui/table-roles";
import { cutGraphemes } from "@/lib/publishing/rules/text-measures";

const EXAMPLE = `text,channels,time,timezone,tags,media_urls
"Launch day! 🚀",My Bluesky,2027-05-01T09:00,,launch,
"Behind the scenes",My Bluesky; My Mastodon,2027-05-02T12:30,America/New_York,team,https://example.com/photo.jpg`;

/** "Sat 1 May 2027, 09:00" in the row's own zone and the person's locale. */
function whenOf(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short", timeZone }).format(
    new Date(iso),
  );
}

/** Import: a CSV (upload or paste), the preview with every row's problems, then Import. Export below it. */
export function ImportPage() {
  const canImport = useCan("posts:write");
  const [csv, setCsv] = useState("");
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const check = usePreviewImport();
  const run = useImportPosts();

  const runPreview = (text: string) => {
    setPreview(null);
    run.reset();
    check.mutate(text, {
      onSuccess: setPreview,
      onError: (error) => toast.error(`Could not check the file: ${error.message}`),
    });
  };
  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    const text = await file.text();
    setCsv(text);
    runPreview(text);
    event.target.value = "";
  };
  const onImport = () =>
    run.mutate(csv, {
      onSuccess: (result) => {
        const n = result.imported;
        const what = result.status === "IN_REVIEW" ? "sent for approval" : "scheduled";
        toast.success(`Imported ${n} ${n === 1 ? "post" : "posts"}, ${what}`);
        setPreview(null);
        setCsv("");
      },
      onError: () => runPreview(csv),
    });
  const bad = preview?.rows.filter((r) => r.problems.length > 0).length ?? 0;

  return (
    <div className={page.page}>
      <header className={page.header}>
        <div>
          <h1>Import and export</h1>
          <p className="muted">
            Import posts from a CSV file: every row is checked first, and nothing is written unless every row is fine.
          </p>
        </div>
      </header>

      {canImport ? (
        <section className="card" aria-labelledby="import-heading">
          <h2 id="import-heading" className={page.sectionTitle}>
            Import from CSV
          </h2>
          <p className="muted">
            Columns: <code>text</code>, <code>channels</code> (names or ids, separated by <code>;</code>),{" "}
            <code>time</code> (<code>YYYY-MM-DDTHH:mm</code> in <code>timezone</code>, or the workspace&apos;s zone when
            empty), <code>tags</code> and <code>media_urls</code>. A time of <code>queue</code> puts the post in the
            next free posting slot of its channels (set on the <a href="/queue">Queue</a> page), rows in file order; the
            preview shows the time each will get.
          </p>
          <div className={styles.editor}>
            <label>
              CSV file <input type="file" accept=".csv,text/csv" onChange={onFile} data-testid="import-file" />
            </label>
            <label htmlFor="import-csv" className="muted">
              Or paste or edit the CSV here
            </label>
            <textarea
              id="import-csv"
              className={styles.csv}
              value={csv}
              placeholder={EXAMPLE}
              onChange={(e) => {
                setCsv(e.target.value);
                setPreview(null);
              }}
            />
            <div className={styles.actions}>
              <button
                type="button"
                className="button"
                disabled={csv.trim() === "" || check.isPending}
                onClick={() => runPreview(csv)}
              >
                {check.isPending ? "Checking…" : "Check"}
              </button>
              <button
                type="button"
                className="button primary"
                disabled={!preview?.ok || run.isPending}
                onClick={onImport}
              >
                {run.isPending ? "Importing…" : preview?.ok ? `Import ${preview.rows.length} posts` : "Import"}
              </button>
              {run.isSuccess ? (
                <span role="status">
                  Imported {run.data.imported} posts. <Link href="/">Open the calendar</Link>
                </span>
              ) : null}
            </div>
          </div>
          {run.isError ? (
            <p className={styles.alert} role="alert">
              Nothing was imported: {run.error.message}
            </p>
          ) : null}
          {preview ? <PreviewTable preview={preview} bad={bad} /> : null}
        </section>
      ) : null}

      <ExportSection />
    </div>
  );
}

const PROBLEM_LINES = 5;

/** "Row 3: time: …" for the first problems of the preview's rows, then "… and N more in the table below". */
function problemLines(rows: ImportPreview["rows"]): string[] {
  const all = rows.flatMap((row) => row.problems.map((p) => `Row ${row.row}: ${humanizeMessage(p)}`));
  if (all.length <= PROBLEM_LINES) return all;
  return [...all.slice(0, PROBLEM_LINES), `… and ${all.length - PROBLEM_LINES} more in the table below`];
}

const COLUMNS = ["Row", "Text", "Channels", "Time", "Problems"] as const;

function PreviewTable({ preview, bad }: { preview: ImportPreview; bad: number }) {
  return (
    <div data-testid="import-preview">
      {preview.fileProblems.length > 0 ? (
        <div className={styles.alert} role="alert">
          The file cannot be imported:
          <ul>
            {preview.fileProblems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : bad > 0 ? (
        <div className={styles.alert} role="alert">
          {bad} of {preview.rows.length} rows have problems. Fix them and check again; nothing is imported until every
          row is fine.
          {/* Named here too, above the table: a long file's bad rows need not be scrolled to. */}
          <ul>
            {problemLines(preview.rows).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p className={styles.ok} role="status">
          All {preview.rows.length} rows are fine.
        </p>
      )}
      {preview.rows.length > 0 ? (
        // Explicit roles: the stacked phone layout (components/ui/data-table.module.css) makes the rows blocks, and
        // without them browsers stop telling screen readers this is a table. data-label names each value's column there.
        <div className={table.scroll}>
          <table className={`${table.table} ${table.stacked}`} {...TABLE_ROLES.table} aria-label="Rows of the file">
            <thead {...TABLE_ROLES.rowgroup}>
              <tr {...TABLE_ROLES.row}>
                {COLUMNS.map((column) => (
                  <th key={column} scope="col" {...TABLE_ROLES.columnheader}>
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody {...TABLE_ROLES.rowgroup}>
              {preview.rows.map((row) => (
                <tr key={row.row} {...TABLE_ROLES.row} data-testid={`import-row-${row.row}`}>
                  <td {...TABLE_ROLES.cell} data-label="Row">
                    {row.row}
                  </td>
                  <td {...TABLE_ROLES.cell} data-label="Text" className={styles.text}>
                    {cutGraphemes(row.text, 140)}
                  </td>
                  <td {...TABLE_ROLES.cell} data-label="Channels">
                    {(row.problems.length === 0 ? row.channelNames : row.channels).join(", ")}
                  </td>
                  <td {...TABLE_ROLES.cell} data-label="Time">
                    {row.scheduledAt ? `${whenOf(row.scheduledAt, row.timezone)} (${row.timezone})` : row.time}
                  </td>
                  <td {...TABLE_ROLES.cell} data-label="Problems">
                    {row.problems.length === 0 ? (
                      <span className={styles.ok}>OK</span>
                    ) : (
                      <ul className={styles.problems}>
                        {row.problems.map((p) => (
                          <li key={p}>{humanizeMessage(p)}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

const STATUSES = ["", "DRAFT", "IN_REVIEW", "SCHEDULED", "PUBLISHED", "FAILED"] as const;

/** Export buttons: the posts matching a status and tag, as CSV (the import's columns) or JSON. */
function ExportSection() {
  const [status, setStatus] = useState("");
  const [tag, setTag] = useState("");
  const href = (format: "csv" | "json") => {
    const params = new URLSearchParams({ format });
    if (status) params.set("status", status);
    if (tag.trim()) params.set("tag", tag.trim());
    return `/api/posts/export?${params}`;
  };
  return (
    <section className="card" aria-labelledby="export-heading">
      <h2 id="export-heading" className={page.sectionTitle}>
        Export
      </h2>
      <p className="muted">A CSV export has the import&apos;s columns, so it can be edited and imported again.</p>
      <div className={styles.exportForm}>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s === "" ? "Any" : s.replace("_", " ").toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          Tag
          <input value={tag} onChange={(e) => setTag(e.target.value)} placeholder="any" />
        </label>
        <a className="button" href={href("csv")} download>
          Export CSV
        </a>
        <a className="button" href={href("json")} download>
          Export JSON
        </a>
      </div>
    </section>
  );
}
