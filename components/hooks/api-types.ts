// What the dashboard reads from the API: the response types of lib/schemas, imported as types only so no zod
// (and no Prisma) reaches the browser bundle.
import type { AttentionResponse } from "@/lib/schemas/attention";
import type { PostResponse } from "@/lib/schemas/posts";
import type { HealthResponse, QueueStatusResponse } from "@/lib/schemas/scheduling";

export type PostView = PostResponse;
export type PostStatus = PostResponse["status"];
export type ResultView = NonNullable<PostResponse["latestPublication"]>["results"][number];
export type QueueStatus = QueueStatusResponse;
export type HealthReport = HealthResponse;
export type OutcomeView = NonNullable<PostResponse["outcome"]>;
export type FailingChannelView = OutcomeView["failing"][number];
export type AttentionView = AttentionResponse;
