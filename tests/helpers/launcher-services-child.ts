// One launcher process acting on the `test` profile's services, for tests/integration/launcher-services.test.ts.
// usage: node --import tsx launcher-services-child.ts start|hold|release-stop|stop   (with CADENCE_DATA_DIR set)
//   start: start or reuse them, print the env as JSON, end its use; hold: the same, then keep using them until
//   killed; release-stop: start or reuse, then end its use asking to stop them; stop: `npm run stack -- stop`.
import { existsSync } from "node:fs";
import { releaseServices, startServices, stopServices } from "../../scripts/stack/services";

async function main(action: string | undefined) {
  // Children started together say they are ready, then wait for LAUNCHER_TEST_GO to exist: their starts overlap
  // however unevenly they load.
  const go = process.env.LAUNCHER_TEST_GO;
  if (go) console.error("ready");
  while (go && !existsSync(go)) await new Promise((r) => setTimeout(r, 5));
  if (action === "stop") return stopServices("test");
  const { env } = await startServices("test");
  process.stdout.write(`${JSON.stringify(env)}\n`);
  if (action === "hold") await new Promise(() => setInterval(() => {}, 60_000));
  await releaseServices("test", { stop: action === "release-stop" });
}

main(process.argv[2]).catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
