// The test stack's Bluesky AppView (@atproto/bsky in dev-env's TestNetwork, started by the launcher:
// scripts/stack/bluesky.ts). It indexes the PDS's firehose by itself; tests that read counts wait for it here.

/**
 * Returns once the AppView has indexed every event the PDS had emitted when this was called: POST /process-all on
 * the network's control port (BLUESKY_TEST_CONTROL_URL, dev-env's network.processAll()). Bounded: throws after
 * `timeoutMs`, on an answer other than 204 (its message is dev-env's error), or naming the variable when it is unset.
 */
export async function waitForBlueskyAppView(timeoutMs = 30_000): Promise<void> {
  const control = process.env.BLUESKY_TEST_CONTROL_URL;
  if (!control)
    throw new Error("BLUESKY_TEST_CONTROL_URL is not set: run the tests through `npm run stack -- exec -- …`");
  const res = await fetch(new URL("/process-all", control), { method: "POST", signal: AbortSignal.timeout(timeoutMs) });
  if (res.status !== 204)
    throw new Error(`the AppView did not finish indexing: HTTP ${res.status} ${await res.text()}`);
}
