import type { PostStatus } from "@/components/hooks/api-types";

const LABEL: Record<PostStatus, string> = {
  DRAFT: "Draft",
  SCHEDULED: "Scheduled",
  PUBLISHING: "Publishing",
  PUBLISHED: "Published",
  FAILED: "Failed",
  IN_REVIEW: "In review",
};

/** Status as a word and a colour (never colour alone); `data-status` is the machine-readable value. */
export function StatusBadge({ status }: { status: PostStatus }) {
  return (
    <span className={`badge badge-${status.toLowerCase()}`} data-status={status}>
      {LABEL[status] ?? status}
    </span>
  );
}
