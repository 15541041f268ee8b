import http from "node:http";
import { PLATFORM_STUBS } from "./platform-stubs";
import { startStubServer } from "./stub-server";

// Runs every platform stub for the end-to-end tests (a Playwright webServer, playwright.config.ts):
//   node --import ./scripts/tsx-loader.mjs tests/stubs/serve.ts <basePort>
// Stub i listens on 127.0.0.1:<basePort + 1 + i>; 127.0.0.1:<basePort> answers 200 once all are up (what
// Playwright waits for). Stops on SIGTERM/SIGINT.

const basePort = Number(process.argv[2]);
if (!Number.isInteger(basePort) || basePort <= 0) {
  console.error("usage: serve.ts <basePort>");
  process.exit(2);
}

async function main() {
  const stubs = await Promise.all(
    PLATFORM_STUBS.map((entry, i) => startStubServer(entry.routes(), { port: basePort + 1 + i })),
  );
  const ready = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ stubs: PLATFORM_STUBS.map((s, i) => ({ name: s.name, url: stubs[i]?.url })) }));
  });
  await new Promise<void>((resolve) => ready.listen(basePort, "127.0.0.1", () => resolve()));

  const stop = async () => {
    ready.close();
    await Promise.all(stubs.map((s) => s.close()));
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
