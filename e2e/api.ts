import { type APIRequestContext, expect } from "@playwright/test";

// The specs act on the product through its public API, as a person's script would.

export type ApiPost = { id: string; content: string; status: string; scheduledAt: string | null; timezone: string };

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

export async function createPost(request: APIRequestContext, token: string, body: Record<string, unknown>) {
  const res = await request.post("/api/posts", { headers: auth(token), data: body });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as ApiPost;
}

export async function schedulePost(request: APIRequestContext, token: string, postId: string, scheduledAt: Date) {
  const res = await request.post(`/api/scheduling/posts/${postId}/schedule`, {
    headers: auth(token),
    data: { scheduledAt: scheduledAt.toISOString() },
  });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as ApiPost;
}

export type ApiChannel = { id: string; platform: string; displayName: string; active: boolean };

/** Connects a channel, e.g. `{ platform: "WEBHOOK", displayName, config: { url }, credentials: { secret } }`. */
export async function createChannel(request: APIRequestContext, token: string, body: Record<string, unknown>) {
  const res = await request.post("/api/channels", { headers: auth(token), data: body });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as ApiChannel;
}

export async function getPostStatus(request: APIRequestContext, token: string, postId: string) {
  const res = await request.get(`/api/posts/${postId}`, { headers: auth(token) });
  return res.status();
}

/** Waits (bounded) until the run's worker has a live heartbeat on the run's queue. */
export async function waitForWorker(request: APIRequestContext, token: string) {
  await expect
    .poll(
      async () => {
        const res = await request.get("/api/scheduling/queue", { headers: auth(token) });
        if (!res.ok()) return 0;
        return ((await res.json()) as { liveWorkers: number }).liveWorkers;
      },
      { message: "a live worker on the e2e queue", timeout: 45_000, intervals: [250, 500, 1000] },
    )
    .toBeGreaterThan(0);
}
