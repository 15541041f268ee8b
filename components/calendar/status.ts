import type { PostStatus } from "@/components/hooks/api-types";

export const STATUS_LABEL: Record<PostStatus, string> = {
  DRAFT: "Draft",
  SCHEDULED: "Scheduled",
  PUBLISHING: "Publishing",
  PUBLISHED: "Published",
  FAILED: "Failed",
};

/** Only posts waiting for their time (or that failed and may be retried) can be moved on the grid. */
export function isDraggable(status: PostStatus): boolean {
  return status === "SCHEDULED" || status === "FAILED";
}
