import { chipStateOf } from "@/components/calendar/status";
import type { PostView } from "@/components/hooks/api-types";

/** The post's state as its calendar chip shows it (chipStateOf): "Partly published" ⚠ is not a green "Published". */
export function StatusBadge({ post }: { post: PostView }) {
  const chip = chipStateOf(post);
  return (
    <span className={`cal-status cal-status-${chip.key}`} data-status={post.status} data-chip={chip.key}>
      {chip.mark ? <span aria-hidden="true">{chip.mark} </span> : null}
      {chip.label}
    </span>
  );
}
