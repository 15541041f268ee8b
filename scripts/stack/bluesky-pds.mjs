// A real Bluesky PDS with its PLC directory, for the adapters' tests (issue 10): @atproto/dev-env's
// TestNetworkNoAppView (https://github.com/bluesky-social/atproto/tree/main/packages/dev-env), in this process.
// Started by the launcher (scripts/stack/bluesky.ts) as
//   node --import ./listen-loopback.mjs bluesky-pds.mjs <plc port> <pds port>
// with TMPDIR under .data/<profile>/bluesky (dev-env keeps the PDS's SQLite files and blobs under os.tmpdir()).
// The PLC directory is in memory: accounts last as long as this process. SIGTERM/SIGINT close both servers.
import { TestNetworkNoAppView } from "@atproto/dev-env";

const [plcPort, pdsPort] = process.argv.slice(2).map(Number);
if (!plcPort || !pdsPort) {
  console.error("usage: bluesky-pds.mjs <plc port> <pds port>");
  process.exit(2);
}

const network = await TestNetworkNoAppView.create({
  plc: { port: plcPort },
  // `localhost` is the one hostname the PDS serves over plain http (its publicUrl is then http://localhost:<port>);
  // handles end in `.test`, as in dev-env.
  pds: { port: pdsPort, hostname: "localhost" },
});
console.log(`PDS ${network.pds.url}, PLC ${network.plc.url}`);

let closing = false;
async function shutdown(signal) {
  if (closing) return;
  closing = true;
  console.log(`${signal}: closing the PDS and PLC`);
  const timer = setTimeout(() => process.exit(1), 10_000);
  timer.unref();
  try {
    await network.close();
  } finally {
    process.exit(0);
  }
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
