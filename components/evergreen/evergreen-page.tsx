"use client";

import { useState } from "react";
import { toast } from "sonner";
import styles from "@/components/evergreen/evergreen.module.css";
import { EvergreenTable } from "@/components/evergreen/evergreen-table";
import { RotateForm } from "@/components/evergreen/rotate-form";
import { RotationResult } from "@/components/evergreen/rotation-result";
import {
  type RotateEvergreenResponse,
  useEvergreenLibrary,
  useRotateEvergreen,
} from "@/components/hooks/use-evergreen";
import { useCan } from "@/components/hooks/use-permission";
import { useSession } from "@/components/hooks/use-session";
import { useUndoToasts } from "@/components/hooks/use-undo-toasts";
import page from "@/components/insights/insights.module.css";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/panel-state";

/** Evergreen: the library of posts tagged "evergreen", and one button that re-schedules the most overdue. */
export function EvergreenPage() {
  const timezone = useSession().workspace.timezone;
  const library = useEvergreenLibrary(timezone);
  const rotate = useRotateEvergreen();
  const undoToasts = useUndoToasts();
  const canRotate = useCan("posts:schedule");
  const [result, setResult] = useState<RotateEvergreenResponse | null>(null);
  const posts = library.data?.posts ?? [];
  const eligible = posts.filter((p) => p.skipReason === null).length;

  const onRotate = (count: number) => {
    setResult(null);
    rotate.mutate(
      { count },
      {
        onSuccess: (data) => {
          setResult(data);
          // Undo puts every post of this rotation back as it was (or none, if one changed since).
          if (data.scheduled.length > 0) undoToasts.rotated(data, () => setResult(null));
          else toast.info("Nothing to schedule: every evergreen post was skipped");
        },
        onError: (error) => toast.error(`Rotation failed: ${error.message}`),
      },
    );
  };

  return (
    <div className={page.page}>
      <header className={page.header}>
        <div>
          <h1>Evergreen</h1>
          <p className="muted">
            Posts tagged <span className="chip chip-tag">evergreen</span> come back on a rotation: the longest-rested
            first, at your best posting times.
          </p>
        </div>
      </header>

      {/* Rotating schedules posts (posts:schedule): a Viewer or Approver reads the library only. */}
      {canRotate ? (
        <section className={`card ${styles.rotateCard}`} aria-labelledby="rotate-heading">
          <h2 id="rotate-heading" className={page.sectionTitle}>
            Rotate now
          </h2>
          <RotateForm
            eligible={library.data ? eligible : null}
            pending={rotate.isPending}
            disabled={!library.data || posts.length === 0}
            onRotate={onRotate}
          />
          {rotate.isError ? (
            <p className={styles.rotateError} role="alert">
              Nothing was scheduled: {rotate.error.message}
            </p>
          ) : null}
          {result ? <RotationResult result={result} library={posts} timezone={timezone} /> : null}
        </section>
      ) : null}

      <section className="card" aria-labelledby="library-heading">
        <div className="card-head">
          <h2 id="library-heading" className={page.sectionTitle}>
            Library
          </h2>
          {library.data ? (
            <span className="muted">
              {posts.length} {posts.length === 1 ? "post" : "posts"} · {eligible} ready to rotate · posts published in
              the last {library.data.minIntervalDays} days rest · times in {timezone}
            </span>
          ) : null}
        </div>
        {library.isError ? (
          <ErrorState
            title="Could not load the evergreen library"
            message={library.error.message}
            onRetry={() => void library.refetch()}
          />
        ) : !library.data ? (
          <LoadingRows rows={4} label="Loading the evergreen library…" />
        ) : posts.length === 0 ? (
          <EmptyState title="No evergreen posts yet">
            Tag a post “evergreen” in the composer and it joins the rotation.
          </EmptyState>
        ) : (
          <EvergreenTable posts={posts} timezone={timezone} />
        )}
      </section>
    </div>
  );
}
