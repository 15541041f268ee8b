// What the dashboard reads from the API: the response types of lib/schemas, imported as types only so no zod
// (and no Prisma) reaches the browser bundle.
import type { MediaResponse } from "@/lib/media/media-schemas";
import type { AttentionResponse } from "@/lib/schemas/attention";
import type { PostResponse } from "@/lib/schemas/posts";
import type { HealthResponse, QueueStatusResponse } from "@/lib/schemas/scheduling";

export type PostView = PostResponse;
export type PostStatus = PostResponse["status"];
export type ResultView = NonNullable<PostResponse["latestPublication"]>["results"][number];
export type QueueStatus = QueueStatusResponse;
export type HealthReport = HealthResponse;
/** A library item (GET /api/media, POST /api/media). */
export type MediaView = MediaResponse;
/** One of a post's media items, in its order, with its alt text. */
export type PostMediaView = PostResponse["media"][number];
export type OutcomeView = NonNullable<PostResponse["outcome"]>;
export type FailingChannelView = OutcomeView["failing"][number];
export type AttentionView = AttentionResponse;
