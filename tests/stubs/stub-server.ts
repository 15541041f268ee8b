import http from "node:http";
import type { AddressInfo } from "node:net";

// A small HTTP server for the platforms that cannot run here (X, LinkedIn, Threads, Facebook, Instagram): each
// platform's stub (tests/stubs/<platform>.ts) is a list of routes written from that platform's documented contract,
// and this server runs them on 127.0.0.1, records every request, and can be told to fail the way the real API
// fails (an error answer, or a request whose answer is lost). Used by integration tests in-process, and by the
// end-to-end tests through tests/stubs/serve.ts.

/** A request as the stub received it (body buffered). */
export type StubRequest = {
  method: string;
  /** Path without the query, e.g. "/2/tweets". */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON when its content type says so (else undefined). */
  json: unknown;
  /** The body as a form when it is application/x-www-form-urlencoded (else undefined). */
  form: URLSearchParams | undefined;
  /** Regex groups of the route's path pattern (named groups). */
  params: Record<string, string>;
};

/** What a route answers. `json` sets content-type application/json; `body` is sent as is. */
export type StubResponse = {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string | Buffer;
};

export type StubRoute = {
  method: string;
  /** An exact path, or a regex tested against the path (named groups become `params`). */
  path: string | RegExp;
  handle(req: StubRequest): StubResponse | Promise<StubResponse>;
};

/**
 * A planned fault for the next request matching `match` (method + path, or a predicate):
 * - a StubResponse: answered instead of the route (a 429 with reset headers, a 401 with the platform's error body);
 * - "drop-answer": the route runs (the platform acted) and the connection is cut before the answer;
 * - "drop-request": the connection is cut and the route never runs (the platform never saw it).
 * `times` (default 1) faults in a row.
 */
export type StubFault = {
  match: { method?: string; path: string | RegExp } | ((req: StubRequest) => boolean);
  fail: StubResponse | "drop-answer" | "drop-request";
  times?: number;
};

export type StubServer = {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Every request received, in order (faulted ones too). */
  requests: StubRequest[];
  /** Requests whose method and path match. */
  received(method: string, path: string | RegExp): StubRequest[];
  fail(fault: StubFault): void;
  /** Forgets recorded requests and planned faults. */
  reset(): void;
  close(): Promise<void>;
};

function pathMatches(pattern: string | RegExp, path: string): RegExpExecArray | null {
  if (typeof pattern === "string") return pattern === path ? ([path] as unknown as RegExpExecArray) : null;
  pattern.lastIndex = 0;
  return pattern.exec(path);
}

function faultMatches(match: StubFault["match"], req: StubRequest): boolean {
  if (typeof match === "function") return match(req);
  if (match.method && match.method.toUpperCase() !== req.method) return false;
  return pathMatches(match.path, req.path) !== null;
}

/**
 * Starts a stub on 127.0.0.1 (`port` 0: any free one) serving `routes` (first match wins; no match: 404 JSON
 * {error:"stub: no route"}). A handler that throws answers 500 with its message. Requests are bounded by a 30 s
 * socket timeout, so a test never hangs on one.
 */
export async function startStubServer(routes: StubRoute[], opts: { port?: number } = {}): Promise<StubServer> {
  const requests: StubRequest[] = [];
  let faults: (StubFault & { left: number })[] = [];

  const server = http.createServer((incoming, res) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (c: Buffer) => chunks.push(c));
    incoming.on("end", () => {
      void (async () => {
        const url = new URL(incoming.url ?? "/", "http://stub.invalid");
        const body = Buffer.concat(chunks);
        const type = String(incoming.headers["content-type"] ?? "");
        let json: unknown;
        if (type.includes("json") && body.length > 0) {
          try {
            json = JSON.parse(body.toString("utf8"));
          } catch {
            json = undefined;
          }
        }
        const form = type.includes("application/x-www-form-urlencoded")
          ? new URLSearchParams(body.toString("utf8"))
          : undefined;
        const req: StubRequest = {
          method: (incoming.method ?? "GET").toUpperCase(),
          path: url.pathname,
          query: url.searchParams,
          headers: incoming.headers,
          body,
          json,
          form,
          params: {},
        };
        if (req.path.startsWith("/__stub/")) {
          const answer = control(req);
          res.writeHead(answer.status ?? 200, { "content-type": "application/json; charset=utf-8" });
          res.end(JSON.stringify(answer.json ?? null));
          return;
        }
        requests.push(req);
        const fault = faults.find((f) => f.left > 0 && faultMatches(f.match, req));
        if (fault) fault.left -= 1;
        if (fault?.fail === "drop-request") {
          res.socket?.destroy();
          return;
        }
        let answer: StubResponse;
        if (fault && typeof fault.fail === "object") {
          answer = fault.fail;
        } else {
          answer = await route(req);
        }
        if (fault?.fail === "drop-answer") {
          res.socket?.destroy();
          return;
        }
        const headers: Record<string, string> = { ...(answer.headers ?? {}) };
        let payload: string | Buffer = answer.body ?? "";
        if (answer.json !== undefined) {
          headers["content-type"] ??= "application/json; charset=utf-8";
          payload = JSON.stringify(answer.json);
        }
        res.writeHead(answer.status ?? 200, headers);
        res.end(payload);
      })();
    });
  });

  /**
   * The control paths a test in another process uses (the e2e run, where tests/stubs/serve.ts runs the stubs):
   * POST /__stub/fail with {method?, path, pathRegex?, times?, status, json?, headers?} or {…, drop: "drop-answer" |
   * "drop-request"} plans a fault; GET /__stub/requests?method=&path= lists what was received (method, path, query,
   * json, form); POST /__stub/reset forgets both. Not part of any platform's contract.
   */
  function control(req: StubRequest): StubResponse {
    if (req.method === "GET" && req.path === "/__stub/requests") {
      const method = req.query.get("method");
      const path = req.query.get("path");
      const list = requests.filter((r) => (!method || r.method === method.toUpperCase()) && (!path || r.path === path));
      return {
        json: list.map((r) => ({
          method: r.method,
          path: r.path,
          query: Object.fromEntries(r.query),
          json: r.json ?? null,
          form: r.form ? Object.fromEntries(r.form) : null,
        })),
      };
    }
    if (req.method === "POST" && req.path === "/__stub/reset") {
      requests.length = 0;
      faults = [];
      return { json: { ok: true } };
    }
    if (req.method === "POST" && req.path === "/__stub/fail") {
      const f = (req.json ?? {}) as {
        method?: string;
        path?: string;
        pathRegex?: string;
        times?: number;
        status?: number;
        json?: unknown;
        headers?: Record<string, string>;
        drop?: "drop-answer" | "drop-request";
      };
      const path = f.pathRegex ? new RegExp(f.pathRegex) : f.path;
      if (!path) return { status: 400, json: { error: "path or pathRegex is required" } };
      faults.push({
        match: { method: f.method, path },
        fail: f.drop ?? { status: f.status ?? 500, json: f.json, headers: f.headers },
        left: f.times ?? 1,
      });
      return { json: { ok: true } };
    }
    return { status: 404, json: { error: `stub: no control path ${req.method} ${req.path}` } };
  }

  async function route(req: StubRequest): Promise<StubResponse> {
    for (const r of routes) {
      if (r.method.toUpperCase() !== req.method) continue;
      const m = pathMatches(r.path, req.path);
      if (!m) continue;
      req.params = { ...(m.groups ?? {}) };
      try {
        return await r.handle(req);
      } catch (err) {
        return { status: 500, json: { error: `stub: ${(err as Error).message}` } };
      }
    }
    return { status: 404, json: { error: `stub: no route for ${req.method} ${req.path}` } };
  }

  server.setTimeout(30_000, (socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    received: (method, path) =>
      requests.filter((r) => r.method === method.toUpperCase() && pathMatches(path, r.path) !== null),
    fail: (fault) => faults.push({ ...fault, left: fault.times ?? 1 }),
    reset: () => {
      requests.length = 0;
      faults = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * An HTML consent page, as each stub serves at its platform's authorize path: shows the app's client_id and scopes
 * and an "Authorize" button that sends the browser to redirect_uri with `code` and the same `state` (or, with
 * "Cancel", error=access_denied as RFC 6749 §4.1.2.1 says). `issueCode` records what the code stands for (the stub
 * checks it, and the PKCE challenge, at its token endpoint).
 */
export function consentPage(req: StubRequest, issueCode: (q: URLSearchParams) => string): StubResponse {
  const q = req.query;
  const redirect = q.get("redirect_uri");
  if (!redirect) return { status: 400, body: "redirect_uri is missing" };
  if (q.get("approve") !== null) {
    const back = new URL(redirect);
    if (q.get("approve") === "yes") back.searchParams.set("code", issueCode(q));
    else back.searchParams.set("error", "access_denied");
    if (q.get("state") !== null) back.searchParams.set("state", q.get("state") ?? "");
    return { status: 302, headers: { location: back.href } };
  }
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const hidden = [...q.entries()].map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join("");
  const html = `<!doctype html><html><head><title>Authorize app</title></head><body>
<h1>Authorize ${esc(q.get("client_id") ?? "")}</h1><p>Scopes: ${esc(q.get("scope") ?? "")}</p>
<form method="get" action="${esc(req.path)}">${hidden}
<button name="approve" value="yes">Authorize app</button> <button name="approve" value="no">Cancel</button></form>
</body></html>`;
  return { status: 200, headers: { "content-type": "text/html; charset=utf-8" }, body: html };
}
