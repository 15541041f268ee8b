import { beforeEach, describe, expect, it } from "vitest";
import * as signInRoute from "@/app/api/auth/sign-in/route";
import { CLIENT_ADDRESS_HEADER } from "@/lib/api/client-address";
import { signInLimitKeys } from "@/lib/auth/sign-in-rate-limit";
import { getProducerRedis } from "@/lib/db/redis";
import { getEnv } from "@/lib/env";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// Issue 8 part 6: failed sign-ins counted per account and per client address (the socket's, not a header the
// client chose), checked and counted in one atomic step.

const usedKeys: string[] = [];
const { createWorkspace, createUser } = setupTestWorkspaces({
  app: isolateAppSingletons(),
  async cleanup() {
    if (usedKeys.length) await getProducerRedis().del(...usedKeys.splice(0));
  },
});

const PER_ACCOUNT = () => getEnv().SIGN_IN_MAX_FAILURES_PER_ACCOUNT;
const PER_ADDRESS = () => getEnv().SIGN_IN_MAX_FAILURES_PER_ADDRESS;
let seq = 0;
/** A socket address of its own for each test (TEST-NET-3), so counters never leak between tests. */
const freshAddress = () => `203.0.113.${(Date.now() + seq++) % 250}`;

let user: { email: string; password: string };

beforeEach(async () => {
  const { workspace } = await createWorkspace();
  user = await createUser({ workspaceIds: [workspace.id], email: `limit-${Date.now()}-${seq++}@example.com` });
});

function track(email: string, address: string) {
  const keys = signInLimitKeys(email.toLowerCase(), address);
  usedKeys.push(keys.account, keys.address);
  return keys;
}

function signIn(email: string, password: string, address: string, extra: Record<string, string> = {}) {
  track(email, address);
  return callRoute(signInRoute.POST, {
    method: "POST",
    path: "/api/auth/sign-in",
    body: { email, password },
    headers: { origin: "http://localhost", host: "localhost", [CLIENT_ADDRESS_HEADER]: address, ...extra },
  });
}

const statuses = (results: { status: number }[]) =>
  results.reduce<Record<number, number>>((acc, r) => {
    acc[r.status] = (acc[r.status] ?? 0) + 1;
    return acc;
  }, {});

describe("sign-in rate limit", () => {
  it("30 parallel wrong guesses: exactly the limit are checked (401), the rest are 429", async () => {
    const address = freshAddress();
    const results = await Promise.all(Array.from({ length: 30 }, () => signIn(user.email, "wrong", address)));
    expect(statuses(results)).toEqual({ 401: PER_ACCOUNT(), 429: 30 - PER_ACCOUNT() });
    const keys = track(user.email, address);
    expect(Number(await getProducerRedis().get(keys.account))).toBe(PER_ACCOUNT());
    // Blocked now, even with the right password.
    expect((await signIn(user.email, user.password, address)).status).toBe(429);
  });

  it("a fresh X-Forwarded-For on every request does not reset the count (no trusted proxy configured)", async () => {
    const address = freshAddress();
    for (let i = 0; i < PER_ACCOUNT(); i++) {
      const res = await signIn(user.email, "wrong", address, { "x-forwarded-for": `198.51.100.${i}` });
      expect(res.status).toBe(401);
    }
    const blocked = await signIn(user.email, user.password, address, { "x-forwarded-for": "198.51.100.200" });
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.code).toBe("rate_limited");
    // When to come back, the HTTP way: whole seconds within the window (15 min by default).
    const retryAfter = Number(blocked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });

  it("counts per account: guesses spread over many addresses still lock the account, for every address", async () => {
    for (let i = 0; i < PER_ACCOUNT(); i++)
      expect((await signIn(user.email, "wrong", freshAddress())).status).toBe(401);
    expect((await signIn(user.email, user.password, freshAddress())).status).toBe(429);
  });

  it("counts per address: one address guessing many accounts is stopped at its own limit", async () => {
    const address = freshAddress();
    const perAccount = PER_ACCOUNT() - 1; // stay under each account's limit
    const accounts = Math.ceil(PER_ADDRESS() / perAccount);
    const emails = Array.from({ length: accounts }, (_, i) => `nobody-${Date.now()}-${i}@example.com`);
    let done = 0;
    for (const email of emails) {
      const n = Math.min(perAccount, PER_ADDRESS() - done);
      const results = await Promise.all(Array.from({ length: n }, () => signIn(email, "wrong", address)));
      expect(statuses(results)).toEqual({ 401: n });
      done += n;
    }
    expect(done).toBe(PER_ADDRESS());
    // The address is spent: a real user's right password from it waits; from another address it works.
    expect((await signIn(user.email, user.password, address)).status).toBe(429);
    expect((await signIn(user.email, user.password, freshAddress())).status).toBe(200);
  });

  it("a right password clears the account's count and gives the address its attempt back", async () => {
    const address = freshAddress();
    for (let i = 0; i < PER_ACCOUNT() - 1; i++) expect((await signIn(user.email, "wrong", address)).status).toBe(401);
    expect((await signIn(user.email, user.password, address)).status).toBe(200);
    const keys = track(user.email, address);
    expect(await getProducerRedis().get(keys.account)).toBeNull();
    expect(Number(await getProducerRedis().get(keys.address))).toBe(PER_ACCOUNT() - 1);
    for (let i = 0; i < PER_ACCOUNT(); i++) expect((await signIn(user.email, "wrong", address)).status).toBe(401);
    expect((await signIn(user.email, "wrong", address)).status).toBe(429);
  });
});
