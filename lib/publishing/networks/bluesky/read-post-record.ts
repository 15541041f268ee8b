import type { Agent } from "@atproto/api";
import { XRPCError } from "@atproto/api";

export const POST_COLLECTION = "app.bsky.feed.post";

/**
 * The post record at `rkey` in the account's repository (`com.atproto.repo.getRecord`,
 * https://docs.bsky.app/docs/api/com-atproto-repo-get-record): its at:// uri, CID and value, or null when there is
 * none (the PDS answers 400 `RecordNotFound`). Other errors are thrown as the client raised them.
 */
export async function readPostRecord(
  agent: Agent,
  did: string,
  rkey: string,
  signal?: AbortSignal,
): Promise<{ uri: string; cid: string | undefined; value: Record<string, unknown> } | null> {
  try {
    const { data } = await agent.com.atproto.repo.getRecord(
      { repo: did, collection: POST_COLLECTION, rkey },
      { signal },
    );
    return { uri: data.uri, cid: data.cid, value: data.value as Record<string, unknown> };
  } catch (err) {
    if (err instanceof XRPCError && (err.error === "RecordNotFound" || /could not locate record/i.test(err.message))) {
      return null;
    }
    throw err;
  }
}
