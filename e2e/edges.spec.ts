import { expect, test } from "@playwright/test";
import {
  clearSignInLimits,
  removeWorkspaces,
  type SeededUser,
  type SeededWorkspace,
  seedUser,
  seedWorkspace,
  signInAddressCount,
} from "./factories";

// Issue 8 part 6 in the built app: a sign-in form submitted before its scripts run, security headers, the API's
// JSON answers for unknown paths and methods, and the sign-in limit keyed on the real socket address.

const run = Date.now().toString(36);
let ws: SeededWorkspace;
let user: SeededUser;
let victim: SeededUser;
const LOOPBACK = ["127.0.0.1", "::1"];
const guessedEmails: string[] = [];

test.beforeAll(async () => {
  ws = await seedWorkspace(`e2e edges ${run}`, "UTC");
  [user, victim] = await Promise.all([
    seedUser([ws.workspaceId], { email: `edges-${run}@e2e.cadence.local` }),
    seedUser([ws.workspaceId], { email: `edges-victim-${run}@e2e.cadence.local` }),
  ]);
});

test.afterAll(async () => {
  await clearSignInLimits([user.email, victim.email, ...guessedEmails], LOOPBACK);
  await removeWorkspaces([ws.workspaceId], [user.userId, victim.userId]);
});

test("with JavaScript off, submitting sign-in posts the fields in the body: the password is never in a URL", async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const seen: { method: string; url: string; body: string | null }[] = [];
  page.on("request", (req) => seen.push({ method: req.method(), url: req.url(), body: req.postData() }));
  const secret = `pw-${run}-Zz9`;

  await page.goto("/sign-in?next=%2Fevergreen");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(secret);
  const navigation = page.waitForNavigation();
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  const response = await navigation;

  const submit = seen.find((r) => r.body?.includes(encodeURIComponent(secret)));
  expect(submit, "the form submission").toBeDefined();
  expect(submit?.method).toBe("POST");
  expect(new URL(submit?.url ?? "").pathname).toBe("/sign-in");
  for (const r of seen) expect(decodeURIComponent(r.url), r.url).not.toContain(secret);
  expect(page.url()).not.toContain(secret);
  // The page answers the post with the form again (not an error), keeping where to go next.
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  expect(new URL(page.url()).searchParams.get("next")).toBe("/evergreen");
  await context.close();
});

test("pages and API answers carry the security headers; the API is never cached", async ({ request }) => {
  for (const path of ["/sign-in", "/api/health", "/api/nope"]) {
    const res = await request.get(path);
    const h = res.headers();
    expect(h["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(h["content-security-policy"], path).toContain("default-src 'self'");
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(h["strict-transport-security"], path).toBeUndefined(); // plain http
    if (path.startsWith("/api/")) expect(h["cache-control"], path).toBe("no-store");
  }
  const overHttps = await request.get("/sign-in", { headers: { "x-forwarded-proto": "https" } });
  expect(overHttps.headers()["strict-transport-security"]).toContain("max-age=");
});

test("unknown /api paths are 404 and unsupported methods 405, both in the JSON error shape", async ({ request }) => {
  const missing = await request.post("/api/does/not/exist", { data: {} });
  expect(missing.status()).toBe(404);
  expect(await missing.json()).toEqual({
    error: { code: "not_found", message: "No API endpoint POST /api/does/not/exist" },
  });
  const wrongMethod = await request.put("/api/posts", { data: {}, headers: { authorization: `Bearer ${ws.token}` } });
  expect(wrongMethod.status()).toBe(405);
  expect(wrongMethod.headers().allow).toBe("GET, POST, HEAD, OPTIONS");
  expect((await wrongMethod.json()).error.code).toBe("method_not_allowed");
});

test("a NUL path id and a NUL in the body are 400 naming the field, through the real server", async ({ request }) => {
  const auth = { authorization: `Bearer ${ws.token}` };
  const byId = await request.get("/api/posts/%00", { headers: auth });
  expect(byId.status()).toBe(400);
  expect((await byId.json()).error.details).toEqual([{ path: "id", message: "contains a NUL character (U+0000)" }]);
  const body = await request.post("/api/posts", {
    headers: { ...auth, "content-type": "application/json" },
    data: '{"content":"a\\u0000b"}',
  });
  expect(body.status()).toBe(400);
  expect((await body.json()).error.details[0].path).toBe("content");
});

test("the sign-in limit counts the socket's address: forged X-Forwarded-For and stamp headers do not reset it", async ({
  request,
  baseURL,
}) => {
  const origin = baseURL ?? "";
  // Each guess claims another address, twice over; the server must still count them all against 127.0.0.1.
  const guess = (email: string, i: number, password = "wrong") =>
    request.post("/api/auth/sign-in", {
      headers: { origin, "x-forwarded-for": `198.51.100.${i % 250}`, "x-cadence-client-address": `192.0.2.${i % 250}` },
      data: { email, password },
    });
  const PER_ADDRESS = 50; // SIGN_IN_MAX_FAILURES_PER_ADDRESS default
  // Earlier specs' wrong passwords (all from 127.0.0.1) count too: start this address afresh.
  await clearSignInLimits([], LOOPBACK);
  const PER_ACCOUNT = 10;
  let n = 0;
  for (let account = 0; n < PER_ADDRESS; account++) {
    const email = `nobody-${account}-${run}@e2e.cadence.local`;
    guessedEmails.push(email);
    for (let k = 0; k < PER_ACCOUNT - 1 && n < PER_ADDRESS; k++, n++) {
      expect((await guess(email, n)).status(), `guess ${n}`).toBe(401);
    }
  }
  // Counted against the socket's address (127.0.0.1), which neither header could change.
  expect(await signInAddressCount("127.0.0.1")).toBe(PER_ADDRESS);
  // The address is spent: even the right password of an untouched account waits.
  const blocked = await guess(victim.email, 999, victim.password);
  expect(blocked.status()).toBe(429);
  expect((await blocked.json()).error.code).toBe("rate_limited");
});
