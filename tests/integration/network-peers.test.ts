import { AtpAgent } from "@atproto/api";
import { TID } from "@atproto/common-web";
import { createRestAPIClient } from "masto";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { blueskyTestPdsUrl, createBlueskyAccount } from "../helpers/bluesky-accounts";
import { listenersOfServerOnPort } from "../helpers/listening-sockets";
import {
  approveMastodonAuthorization,
  createMastodonAccount,
  mastodonTestUrl,
  obtainMastodonToken,
} from "../helpers/mastodon-accounts";

// The real servers of the networks Cadence publishes to (issue 10), as the launcher starts them for the test profile:
// a Bluesky PDS with its PLC directory (@atproto/dev-env) and GoToSocial for the Mastodon API. These tests prove
// each server is real and that the helpers give the adapters' tests working accounts, through the client libraries
// the adapters use (@atproto/api, masto).

/** A small real PNG (the servers read uploads: GoToSocial decodes images, the PDS sniffs their type). */
function png(color: { r: number; g: number; b: number }): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: color } })
    .png()
    .toBuffer();
}

const portOf = (url: string) => Number(new URL(url).port);

describe("Bluesky PDS (@atproto/dev-env)", () => {
  it("listens on 127.0.0.1 only: the PDS, its PLC directory, the AppView and the rest of the network", () => {
    const listeners = listenersOfServerOnPort(portOf(blueskyTestPdsUrl()));
    expect(new Set(listeners.map((l) => l.address))).toEqual(new Set(["127.0.0.1"]));
    const ports = listeners.map((l) => l.port);
    for (const name of ["BLUESKY_TEST_PDS_URL", "BLUESKY_TEST_PLC_URL", "BLUESKY_TEST_APPVIEW_URL"]) {
      expect(ports, name).toContain(portOf(process.env[name] ?? ""));
    }
  });

  it("makes an account whose app password logs in with AtpAgent", async () => {
    const account = await createBlueskyAccount();
    expect(account.handle).toMatch(/\.test$/);
    expect(account.did).toMatch(/^did:plc:/);
    expect(account.password).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);

    const agent = new AtpAgent({ service: account.pdsUrl });
    const session = await agent.login({ identifier: account.handle, password: account.password });
    expect(session.data.did).toBe(account.did);
    // an app-password session, not the account's own
    const described = await agent.com.atproto.server.getSession();
    expect(described.data.handle).toBe(account.handle);
  });

  it("refuses a wrong password", async () => {
    const account = await createBlueskyAccount();
    const agent = new AtpAgent({ service: account.pdsUrl });
    await expect(agent.login({ identifier: account.handle, password: "aaaa-bbbb-cccc-dddd" })).rejects.toThrow();
  });

  it("stores a post under a client-chosen TID record key, once, and reads it back by that key", async () => {
    const account = await createBlueskyAccount();
    const agent = new AtpAgent({ service: account.pdsUrl });
    await agent.login({ identifier: account.handle, password: account.password });
    const rkey = TID.nextStr();
    const record = {
      $type: "app.bsky.feed.post",
      text: `hello from Cadence ${rkey}`,
      createdAt: new Date().toISOString(),
    };
    const collection = "app.bsky.feed.post";

    const created = await agent.com.atproto.repo.createRecord({ repo: account.did, collection, rkey, record });
    expect(created.data.uri).toBe(`at://${account.did}/${collection}/${rkey}`);

    const read = await agent.com.atproto.repo.getRecord({ repo: account.did, collection, rkey });
    expect(read.data.cid).toBe(created.data.cid);
    expect((read.data.value as { text: string }).text).toBe(record.text);

    // The same key again makes no second post (the exactly-once check of issue 10 relies on this).
    await expect(
      agent.com.atproto.repo.createRecord({ repo: account.did, collection, rkey, record }),
    ).rejects.toThrow();
    const listed = await agent.com.atproto.repo.listRecords({ repo: account.did, collection });
    expect(listed.data.records.map((r) => r.uri)).toEqual([created.data.uri]);
  });

  it("takes a blob upload and serves the same bytes back, referenced from a post's image embed", async () => {
    const account = await createBlueskyAccount();
    const agent = new AtpAgent({ service: account.pdsUrl });
    await agent.login({ identifier: account.handle, password: account.password });
    const bytes = await png({ r: 200, g: 40, b: 90 });

    const uploaded = await agent.uploadBlob(bytes, { encoding: "image/png" });
    expect(uploaded.data.blob.mimeType).toBe("image/png");
    expect(uploaded.data.blob.size).toBe(bytes.length);

    const post = await agent.post({
      text: "with an image",
      embed: {
        $type: "app.bsky.embed.images",
        images: [{ image: uploaded.data.blob, alt: "a pink rectangle", aspectRatio: { width: 64, height: 48 } }],
      },
    });
    const rkey = post.uri.split("/").pop() as string;
    const read = await agent.com.atproto.repo.getRecord({ repo: account.did, collection: "app.bsky.feed.post", rkey });
    const embed = (read.data.value as { embed: { images: { alt: string; image: { ref: { toString(): string } } }[] } })
      .embed;
    const cid = uploaded.data.blob.ref.toString();
    expect(embed.images.map((i) => [i.alt, i.image.ref.toString()])).toEqual([["a pink rectangle", cid]]);

    const served = await agent.com.atproto.sync.getBlob({ did: account.did, cid });
    expect(Buffer.from(served.data).equals(bytes)).toBe(true);
  });
});

describe("Mastodon API (GoToSocial)", () => {
  it("listens on 127.0.0.1 only", () => {
    const listeners = listenersOfServerOnPort(portOf(mastodonTestUrl()));
    expect(listeners).toEqual([expect.objectContaining({ address: "127.0.0.1", port: portOf(mastodonTestUrl()) })]);
  });

  it("makes an account, a token through the sign-in form, and the token is that account's", async () => {
    const account = await createMastodonAccount();
    const accessToken = await obtainMastodonToken(account);
    const masto = createRestAPIClient({ url: account.serverUrl, accessToken, timeout: 15_000 });

    const me = await masto.v1.accounts.verifyCredentials();
    expect(me.username).toBe(account.username);
    expect(me.acct).toBe(account.username);
  });

  it("refuses a wrong password at sign-in and a made-up token at the API", async () => {
    const account = await createMastodonAccount();
    await expect(obtainMastodonToken({ ...account, password: `${account.password}x` })).rejects.toThrow(/OAuth flow/);
    const masto = createRestAPIClient({ url: account.serverUrl, accessToken: "not-a-token", timeout: 15_000 });
    await expect(masto.v1.accounts.verifyCredentials()).rejects.toMatchObject({ statusCode: 401 });
  });

  it("returns the redirect with code and state for an app's own redirect URI (the adapter's connect flow)", async () => {
    const account = await createMastodonAccount();
    const redirectUri = "http://127.0.0.1:9/api/channels/mastodon/callback";
    const res = await fetch(new URL("/api/v1/apps", account.serverUrl), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_name: "cadence-test", redirect_uris: redirectUri, scopes: "read write" }),
    });
    const app = (await res.json()) as { client_id: string; client_secret: string };
    const state = TID.nextStr();
    const authorizeUrl = new URL("/oauth/authorize", account.serverUrl);
    authorizeUrl.search = new URLSearchParams({
      client_id: app.client_id,
      redirect_uri: redirectUri,
      response_type: "code",
      scope: "read write",
      state,
    }).toString();

    const back = await approveMastodonAuthorization({ authorizeUrl: authorizeUrl.href, ...account });
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
    expect(back.searchParams.get("state")).toBe(state);
    const code = back.searchParams.get("code");
    expect(code).toBeTruthy();

    const token = await fetch(new URL("/oauth/token", account.serverUrl), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        grant_type: "authorization_code",
        code,
        client_id: app.client_id,
        client_secret: app.client_secret,
        redirect_uri: redirectUri,
      }),
    });
    expect(token.status).toBe(200);
    expect(((await token.json()) as { access_token: string }).access_token).toBeTruthy();
  });

  it("posts a status with an uploaded image and its description, and reads it back", async () => {
    const account = await createMastodonAccount();
    const accessToken = await obtainMastodonToken(account);
    const masto = createRestAPIClient({ url: account.serverUrl, accessToken, timeout: 15_000 });
    const bytes = await png({ r: 30, g: 120, b: 220 });

    const media = await masto.v2.media.create({
      file: new Blob([new Uint8Array(bytes)], { type: "image/png" }),
      description: "a blue rectangle",
    });
    expect(media.type).toBe("image");
    expect(media.description).toBe("a blue rectangle");

    const text = `hello from Cadence ${TID.nextStr()}`;
    const status = await masto.v1.statuses.create({ status: text, mediaIds: [media.id], visibility: "unlisted" });
    expect(status.content).toContain(text);
    expect(status.visibility).toBe("unlisted");
    expect(status.mediaAttachments.map((m) => m.id)).toEqual([media.id]);

    const read = await masto.v1.statuses.$select(status.id).fetch();
    expect(read.id).toBe(status.id);
    expect(read.mediaAttachments.map((m) => m.description)).toEqual(["a blue rectangle"]);
    const mine = await masto.v1.accounts.$select(read.account.id).statuses.list();
    expect(mine.map((s) => s.id)).toEqual([status.id]);
  });
});
