// What the dashboard reads from the API. Types only (no zod in the browser bundle); kept in step with lib/schemas.

export type PostStatus = "DRAFT" | "SCHEDULED" | "PUBLISHING" | "PUBLISHED" | "FAILED";

export type ChannelRef = { id: string; platform: string; displayName: string };

export type ResultView = {
  channelId: string;
  platform?: string;
  status: "PENDING" | "SUCCEEDED" | "FAILED" | "UNCONFIRMED";
  errorMessage?: string | null;
  url?: string | null;
  publishedAt?: string | null;
};

export type PostView = {
  id: string;
  content: string;
  status: PostStatus;
  scheduledAt: string | null;
  scheduledAtLocal: string | null;
  timezone: string | null;
  channels: ChannelRef[];
  tags: string[];
  publishCount: number;
  lastPublishedAt: string | null;
  results: ResultView[];
};

export type QueueStatus = {
  counts: Record<string, number>;
  lastSweep: {
    at: string;
    durationMs: number;
    duePosts: number;
    jobsRecovered: number;
    leasesRecovered: number;
  } | null;
  workers: { workerId: string; pid: number; startedAt: string; at: string }[];
};

export type HealthCheck = { ok: boolean; latencyMs?: number; error?: string };
export type HealthReport = { status: string; checks: Record<string, HealthCheck> };
