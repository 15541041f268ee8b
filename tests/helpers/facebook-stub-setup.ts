import { createGuardedFetch } from "@/lib/net/create-guarded-fetch";
import { parseAllowCidrs } from "@/lib/net/outbound-guard";
import { META_GRAPH_VERSION } from "@/lib/publishing/networks/meta/graph-version";
import type { MetaSettings } from "@/lib/publishing/networks/meta/meta-settings";
import { createMetaStub, type MetaStubPage, type MetaStubState } from "@/tests/stubs/meta";
import { type StubServer, startStubServer } from "@/tests/stubs/stub-server";

/**
 * The Meta stub (tests/stubs/meta.ts) on 127.0.0.1, with the MetaSettings and a guarded fetch (only 127.0.0.1
 * allowed) that point Cadence's Facebook adapter and Meta login at it. `loginConfigId` is read at each settings()
 * call (none by default), so a test can switch Facebook Login for Business on and off; `pages` replaces the stub's
 * default Pages.
 */
export async function startMetaStub({
  loginConfigId = () => undefined,
  pages,
}: {
  loginConfigId?: () => string | undefined;
  pages?: MetaStubPage[];
} = {}) {
  const meta = createMetaStub(pages ? { pages } : {});
  const server: StubServer = await startStubServer(meta.routes);
  const state: MetaStubState = meta.state;
  const settings = (): MetaSettings => ({
    graphUrl: server.url,
    authUrl: server.url,
    version: META_GRAPH_VERSION,
    appId: state.appId,
    appSecret: state.appSecret,
    loginConfigId: loginConfigId(),
  });
  const fetch = createGuardedFetch({ policy: () => ({ allowCidrs: parseAllowCidrs("127.0.0.1/32") }) });
  return { server, state, settings, fetch };
}
