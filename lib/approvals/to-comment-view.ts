import type { PostCommentView } from "@/lib/schemas/approvals";

/** What a comment response needs of its row. */
export const commentSelect = {
  id: true,
  postId: true,
  kind: true,
  body: true,
  createdAt: true,
  author: { select: { id: true, name: true, email: true } },
} as const;

/** A PostComment row (with `commentSelect`) → the API's view. */
export function toCommentView(row: {
  id: string;
  postId: string;
  kind: PostCommentView["kind"];
  body: string;
  createdAt: Date;
  author: { id: string; name: string; email: string } | null;
}): PostCommentView {
  return { ...row, createdAt: row.createdAt.toISOString() };
}
