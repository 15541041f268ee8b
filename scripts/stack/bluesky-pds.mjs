// A real Bluesky network for the adapters' tests (issue 10): @atproto/dev-env's TestNetwork
// (https://github.com/bluesky-social/atproto/tree/main/packages/dev-env) in this process — a PDS with its PLC
// directory, and the AppView (@atproto/bsky: API server, dataplane, firehose indexer) with bsync and ozone, which the
// AppView needs. The PDS proxies app.bsky.* to that AppView (atproto-proxy), as bsky.social's PDSes do.
// Started by the launcher (scripts/stack/bluesky.ts) as
//   node --import ./listen-loopback.mjs bluesky-pds.mjs <plc port> <pds port> <appview port> <control port>
// with DB_POSTGRES_URL (a database of its own, which the launcher makes afresh at each start), REDIS_HOST (dev-env
// insists on it; the AppView of this version does not use it) and TMPDIR under .data/<profile>/bluesky (dev-env
// keeps the PDS's SQLite files and blobs under os.tmpdir()). An AppView port of 0 runs the PDS and PLC alone
// (TestNetworkNoAppView, for the bench: no indexing beside the PDS it measures, no PostgreSQL).
// The PLC directory is in memory: accounts last as long as this process. SIGTERM/SIGINT close every server.
//
// The control port (127.0.0.1 only) is for tests: `POST /process-all` answers 204 once the AppView has indexed every
// event the PDS had emitted when it was called (dev-env's network.processAll()), so a test can read counts without
// polling; `GET /` lists the servers' URLs.
import http from "node:http";
import { TestNetwork, TestNetworkNoAppView } from "@atproto/dev-env";

const [plcPort, pdsPort, appviewPort, controlPort] = process.argv.slice(2).map(Number);
if (!plcPort || !pdsPort || !(appviewPort >= 0) || !controlPort) {
  console.error("usage: bluesky-pds.mjs <plc port> <pds port> <appview port> <control port>");
  process.exit(2);
}

const started = Date.now();
// `localhost` is the one hostname the PDS serves over plain http (its publicUrl is then http://localhost:<port>);
// handles end in `.test`, as in dev-env.
const pds = { port: pdsPort, hostname: "localhost" };
const network =
  appviewPort === 0
    ? await TestNetworkNoAppView.create({ plc: { port: plcPort }, pds })
    : await TestNetwork.create({
        dbPostgresUrl: process.env.DB_POSTGRES_URL,
        // dev-env puts its services in schemas bsync_<this>, appview_<this> and ozone_<this>
        dbPostgresSchema: "cadence",
        plc: { port: plcPort },
        pds,
        bsky: { port: appviewPort },
      });

let busy = Promise.resolve();
const control = http.createServer((req, res) => {
  if (req.method === "POST" && req.url === "/process-all") {
    // one at a time: processAll of dev-env is not meant to run twice at once
    busy = busy
      .then(() => network.processAll(15_000)) // without an AppView: until the PDS's sequencer is done
      .then(
        () => res.writeHead(204).end(),
        (err) => res.writeHead(500, { "content-type": "text/plain" }).end(String(err?.message ?? err)),
      );
    return;
  }
  if (req.method === "GET" && req.url === "/") {
    const urls = { plc: network.plc.url, pds: network.pds.url, appview: network.bsky?.url, ozone: network.ozone?.url };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(urls));
    return;
  }
  res.writeHead(404).end();
});
control.listen(controlPort, "127.0.0.1");
await new Promise((resolve) => control.once("listening", resolve));
console.log(
  `PDS ${network.pds.url}, PLC ${network.plc.url}, AppView ${network.bsky?.url ?? "none"}, ` +
    `control 127.0.0.1:${controlPort}; started in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);

let closing = false;
async function shutdown(signal) {
  if (closing) return;
  closing = true;
  console.log(`${signal}: closing the Bluesky network`);
  const timer = setTimeout(() => process.exit(1), 10_000);
  timer.unref();
  try {
    control.close();
    await network.close();
  } finally {
    process.exit(0);
  }
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
