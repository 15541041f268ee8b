import { formatBytes } from "@/components/library/format";
import styles from "@/components/library/library.module.css";
import type { UploadState } from "@/components/library/use-uploads";

const STATUS_TEXT: Record<UploadState["status"], string> = {
  waiting: "Waiting",
  uploading: "Uploading",
  processing: "Processing",
  done: "Uploaded",
  failed: "Refused",
};

/** "2 of 4 uploaded, 1 refused": what a screen reader hears as uploads finish. */
function summary(uploads: UploadState[]): string {
  const done = uploads.filter((u) => u.status === "done").length;
  const failed = uploads.filter((u) => u.status === "failed").length;
  return `${done} of ${uploads.length} uploaded${failed > 0 ? `, ${failed} refused` : ""}`;
}

/** This session's uploads: a progress bar per file, then "Uploaded" or the API's refusal naming the file. */
export function UploadList({ uploads, onClear }: { uploads: UploadState[]; onClear: () => void }) {
  if (uploads.length === 0) return null;
  const finished = uploads.some((u) => u.status === "done" || u.status === "failed");
  return (
    <section className={`card ${styles.uploads}`} aria-labelledby="uploads-heading">
      <div className="card-head">
        <h2 id="uploads-heading" className={styles.uploadsTitle}>
          Uploads
        </h2>
        {finished ? (
          <button type="button" className="button" onClick={onClear}>
            Clear finished
          </button>
        ) : null}
      </div>
      <p className="visually-hidden" role="status">
        {summary(uploads)}
      </p>
      <ul className={styles.uploadList}>
        {uploads.map((u) => {
          const percent = u.total > 0 ? Math.round((u.loaded / u.total) * 100) : 0;
          return (
            <li key={u.key} className={styles.upload} data-status={u.status} data-upload-name={u.name}>
              <span className={styles.uploadName}>{u.name}</span>
              <span className={styles.uploadState}>
                {STATUS_TEXT[u.status]}
                {u.status === "uploading" ? ` ${percent}% of ${formatBytes(u.total)}` : ""}
              </span>
              {u.status === "uploading" || u.status === "waiting" || u.status === "processing" ? (
                <progress
                  className={styles.progress}
                  max={100}
                  value={u.status === "waiting" ? 0 : u.status === "processing" ? 100 : percent}
                  aria-label={`Upload of ${u.name}`}
                />
              ) : null}
              {u.status === "failed" ? (
                <p className={styles.uploadError} role="alert">
                  {u.name}: {u.error}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
