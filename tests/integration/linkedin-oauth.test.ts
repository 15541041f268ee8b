import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createGuardedFetch } from "@/lib/net/create-guarded-fetch";
import { parseAllowCidrs } from "@/lib/net/outbound-guard";
import { getOAuthNetwork, oauthNetworkFor } from "@/lib/oauth/networks/get-oauth-network";
import { OAuthNetworkError } from "@/lib/oauth/networks/types";
import { createLinkedInOAuthNetwork, LINKEDIN_SCOPES } from "@/lib/publishing/networks/linkedin/oauth";
import { createLinkedInStub, LINKEDIN_STUB_CLIENT, type LinkedInStubState } from "@/tests/stubs/linkedin";
import { type StubServer, startStubServer } from "@/tests/stubs/stub-server";

// LinkedIn's OAuth login (lib/publishing/networks/linkedin/oauth.ts) against the LinkedIn stub: consent page →
// code → tokens, the accounts one login brings (the member and the pages they administer), and refresh.

const fetch = createGuardedFetch({ policy: () => ({ allowCidrs: parseAllowCidrs("127.0.0.1/32") }) });
const app = { ...LINKEDIN_STUB_CLIENT };
const signal = new AbortController().signal;
const redirectUri = "http://127.0.0.1:3999/api/channels/connect/linkedin/callback";

let stub: StubServer;
let state: LinkedInStubState;
let clock = Date.parse("2026-11-29T12:00:00Z");

beforeAll(async () => {
  const made = createLinkedInStub({ now: () => clock });
  state = made.state;
  stub = await startStubServer(made.routes);
});
afterAll(() => stub.close());
beforeEach(() => {
  stub.reset();
  clock = Date.parse("2026-11-29T12:00:00Z");
});

const network = () =>
  createLinkedInOAuthNetwork({
    fetch,
    authUrl: () => stub.url,
    apiUrl: () => stub.url,
    app: () => app,
    now: () => new Date(clock),
  });

/** Runs the consent page as the person's browser would: the authorize URL with ?approve=yes, then the Location. */
async function consent(scopes = LINKEDIN_SCOPES): Promise<string> {
  const n = network();
  const url = new URL(n.authorizeEndpoint());
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: app.clientId,
    redirect_uri: redirectUri,
    state: "st-1",
    scope: scopes,
    approve: "yes",
  }).toString();
  const res = await globalThis.fetch(url, { redirect: "manual" });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get("location") ?? "");
  expect(back.searchParams.get("state")).toBe("st-1");
  return back.searchParams.get("code") ?? "";
}

describe("LinkedIn OAuth", () => {
  it("is registered for LINKEDIN, at the documented authorize endpoint, without PKCE", () => {
    expect(getOAuthNetwork("LINKEDIN")?.label).toBe("LinkedIn");
    expect(oauthNetworkFor("LINKEDIN")?.platform).toBe("LINKEDIN");
    const n = network();
    expect(n.authorizeEndpoint()).toBe(`${stub.url}/oauth/v2/authorization`);
    expect(n.pkce).toBe(false);
    expect(n.scopes.split(" ")).toEqual([
      "openid",
      "profile",
      "w_member_social",
      "w_organization_social",
      "r_organization_social",
      "r_organization_admin",
    ]);
  });

  it("exchanges the code for a 60-day token and a refresh token; lists the member and their two pages", async () => {
    const code = await consent();
    const tokens = await network().exchangeCode({ app, code, verifier: "", redirectUri, signal });
    expect(tokens.accessToken).toMatch(/^AQ/);
    expect(tokens.refreshToken).toMatch(/^AQX/);
    expect(tokens.expiresAt).toBe(new Date(clock + 5_184_000_000).toISOString());
    expect(tokens.refreshExpiresAt).toBe(new Date(clock + 31_536_000_000).toISOString());
    const form = stub.received("POST", "/oauth/v2/accessToken")[0]?.form;
    expect(Object.fromEntries(form ?? [])).toMatchObject({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      client_id: app.clientId,
      client_secret: app.clientSecret,
    });

    const accounts = await network().listAccounts({ app, tokens, signal });
    expect(accounts.map((a) => [a.accountId, a.accountName, a.kind, a.config])).toEqual([
      [
        "urn:li:person:782bbtaQ",
        "Ada Lovelace",
        "Member",
        { authorUrn: "urn:li:person:782bbtaQ", kind: "member", name: "Ada Lovelace" },
      ],
      [
        "urn:li:organization:2414183",
        "Devtestco",
        "Organization page",
        { authorUrn: "urn:li:organization:2414183", kind: "organization", name: "Devtestco" },
      ],
      [
        "urn:li:organization:5515715",
        "Acme Corp",
        "Organization page",
        { authorUrn: "urn:li:organization:5515715", kind: "organization", name: "Acme Corp" },
      ],
    ]);
    expect(accounts.every((a) => a.platform === "LINKEDIN" && a.credentials.accessToken === tokens.accessToken)).toBe(
      true,
    );
    // The ACL finder and the batch lookup were called as documented, with the version header.
    const acl = stub.received("GET", "/rest/organizationAcls")[0];
    expect(Object.fromEntries(acl?.query ?? [])).toMatchObject({
      q: "roleAssignee",
      role: "ADMINISTRATOR",
      state: "APPROVED",
    });
    expect(acl?.headers["linkedin-version"]).toMatch(/^\d{6}$/);
    expect(stub.received("GET", "/rest/organizations")[0]?.query.get("ids")).toBe("List(2414183,5515715)");
  });

  it("a login without the page permissions lists the member alone", async () => {
    const tokens = {
      accessToken: state.issueToken("openid,profile,w_member_social"),
      refreshToken: null,
      expiresAt: null,
      scope: null,
    };
    const accounts = await network().listAccounts({ app, tokens, signal });
    expect(accounts.map((a) => a.accountId)).toEqual(["urn:li:person:782bbtaQ"]);
  });

  it("pages whose names cannot be read (403) are still listed, by id", async () => {
    const tokens = { accessToken: state.issueToken(), refreshToken: null, expiresAt: null, scope: null };
    stub.fail({
      match: { method: "GET", path: "/rest/organizations" },
      fail: {
        status: 403,
        json: { status: 403, serviceErrorCode: 100, code: "ACCESS_DENIED", message: "Not enough permissions" },
      },
    });
    const accounts = await network().listAccounts({ app, tokens, signal });
    expect(accounts.map((a) => a.accountName)).toEqual([
      "Ada Lovelace",
      "Organization 2414183",
      "Organization 5515715",
    ]);
  });

  it("a refused code or token is an OAuthNetworkError with LinkedIn's words", async () => {
    const bad = await network()
      .exchangeCode({ app, code: "not-a-code", verifier: "", redirectUri, signal })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(OAuthNetworkError);
    expect((bad as OAuthNetworkError).refused).toBe(true);
    expect((bad as OAuthNetworkError).message).toMatch(/invalid_request: Unable to retrieve access token/);

    const tokens = { accessToken: "revoked", refreshToken: null, expiresAt: null, scope: null };
    const listed = await network()
      .listAccounts({ app, tokens, signal })
      .catch((e: unknown) => e);
    expect([(listed as OAuthNetworkError).refused, (listed as OAuthNetworkError).httpStatus]).toEqual([true, 401]);
    expect((listed as OAuthNetworkError).message).toMatch(/Invalid access token/);
  });

  it("refreshes with the refresh token: a new access token, the same refresh token with its remaining life", async () => {
    const tokens = await network().exchangeCode({ app, code: await consent(), verifier: "", redirectUri, signal });
    clock += 59 * 86_400_000;
    const refresh = network().refresh;
    if (!refresh) throw new Error("LinkedIn refresh missing");
    const renewed = await refresh.call(network(), { app, signal, credentials: { ...tokens, extra: "kept" } });
    expect(renewed.accessToken).not.toBe(tokens.accessToken);
    expect(renewed.refreshToken).toBe(tokens.refreshToken);
    expect(renewed.expiresAt).toBe(new Date(clock + 5_184_000_000).toISOString());
    expect(renewed.refreshExpiresAt).toBe(tokens.refreshExpiresAt);
    expect(renewed.extra).toBe("kept");
    expect(Object.fromEntries(stub.received("POST", "/oauth/v2/accessToken").at(-1)?.form ?? [])).toMatchObject({
      grant_type: "refresh_token",
      refresh_token: tokens.refreshToken,
    });

    // An expired refresh token is refused for good: the channel needs reconnecting.
    clock += 400 * 86_400_000;
    const refused = await refresh
      .call(network(), { app, signal, credentials: renewed })
      .catch((e: unknown) => e as OAuthNetworkError);
    expect([refused.refused, refused.httpStatus]).toEqual([true, 400]);
    expect(refused.message).toMatch(/invalid, expired or revoked/);
    // No refresh token at all (an app without programmatic refresh): refused without a request.
    const before = stub.requests.length;
    const none = await refresh
      .call(network(), { app, signal, credentials: { accessToken: "x", refreshToken: null } })
      .catch((e: unknown) => e as OAuthNetworkError);
    expect(none.refused).toBe(true);
    expect(stub.requests.length).toBe(before);
  });
});
