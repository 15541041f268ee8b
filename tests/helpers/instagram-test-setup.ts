import { afterAll } from "vitest";
import { startAppMediaServer } from "@/tests/helpers/app-media-server";
import { isolateAppSingletons } from "@/tests/helpers/call-route";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { createInstagramStub, type InstagramStubAccount } from "@/tests/stubs/instagram";
import { startStubServer } from "@/tests/stubs/stub-server";

/**
 * The shared set-up of an Instagram integration test file; await it once at the top of the file. The app's signed
 * media route served on 127.0.0.1 (startAppMediaServer, so the stub fetches media the way Instagram does), with
 * PUBLIC_URL pointing at it before anything reads the settings; then setupTestWorkspaces with the app's singletons,
 * the SQL pool and the workspaces' media files. The media server is closed after all tests.
 */
export async function setupInstagramTestFile() {
  const mediaServer = await startAppMediaServer();
  process.env.PUBLIC_URL = mediaServer.url;
  const workspaces = setupTestWorkspaces({ app: isolateAppSingletons(), sql: true, mediaFiles: true });
  afterAll(() => mediaServer.close());
  return { mediaServer, ...workspaces };
}

/** The Instagram stub (tests/stubs/instagram.ts) holding `accounts`, on 127.0.0.1; the caller closes `server`. */
export async function startInstagramStub(accounts: InstagramStubAccount[]) {
  const made = createInstagramStub(accounts);
  return { state: made.state, server: await startStubServer(made.routes) };
}
