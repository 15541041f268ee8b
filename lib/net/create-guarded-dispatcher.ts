import { Agent, buildConnector } from "undici";
import { checkOutboundUrl, type OutboundPolicy, pinnedLookup, type Resolve } from "@/lib/net/outbound-guard";

/**
 * A `dispatcher` for Node's global fetch (RequestInit.dispatcher, an undici extension) that connects only to the
 * addresses `url`'s host resolved to when they passed the outbound guard (checkOutboundUrl, now): libraries that
 * call the global fetch and take a RequestInit (masto's `requestInit`) go through the guard this way. A DNS answer
 * that changes later (rebinding) is never used; a request to another host through it fails at connect.
 *
 * Node's fetch accepts only a dispatcher of the undici major it bundles (an Agent of another major fails with
 * UND_ERR_INVALID_ARG, it is never silently ignored): `undici` is pinned to that major (Node 24: undici 7), and a
 * mismatch is refused here with a message naming both. Throws OutboundRefusedError (refused / unresolved).
 * Close the agent when done (`await agent.close()`).
 */
export async function createGuardedDispatcher({
  url,
  policy,
  resolve,
}: {
  url: string;
  policy: OutboundPolicy;
  resolve?: Resolve;
}): Promise<{ agent: Agent; origin: string }> {
  assertUndiciMatchesFetch();
  const target = await checkOutboundUrl(url, { policy, resolve });
  const allowedHost = target.url.hostname.replace(/^\[|\]$/g, "");
  const connectChecked = buildConnector({ lookup: pinnedLookup(target.addresses) });
  const agent = new Agent({
    // Every connection, whatever its host (an IP literal skips lookup), must be to the checked host.
    connect: (options, callback) => {
      const host = options.hostname.replace(/^\[|\]$/g, "");
      if (host !== allowedHost) {
        callback(new Error(`refusing to connect to ${host}: only ${allowedHost} passed the outbound check`), null);
        return;
      }
      connectChecked(options, callback);
    },
  });
  return { agent, origin: target.url.origin };
}

let checked = false;

function assertUndiciMatchesFetch() {
  if (checked) return;
  const bundled = process.versions.undici?.split(".")[0];
  // undici's own package.json is not exported; its major is what this build was installed with (package.json pin).
  const ours = UNDICI_MAJOR;
  if (bundled && bundled !== ours) {
    throw new Error(
      `Node's fetch uses undici ${process.versions.undici}, but Cadence's outbound guard is built on undici ${ours}.x: ` +
        "run Cadence on the Node major it supports (README: Requirements)",
    );
  }
  checked = true;
}

/** The major of the `undici` dependency (package.json pins it to the major Node 24 bundles). */
const UNDICI_MAJOR = "7";
