import http from "node:http";

/**
 * What the relay does with the first request that `matches`:
 * - "hold": keeps it (nothing forwarded) until `release(then)`; then forwards it and, with then = "drop-answer",
 *   cuts the connection instead of answering (the client is usually dead by then: its worker was SIGKILLed).
 * - "drop-answer": forwards it, lets the server act on it, and cuts the connection before the answer.
 * - "drop-request": cuts the connection without forwarding anything (the server never sees it).
 * Every other request is forwarded and answered as is.
 */
export type RelayPlan = "hold" | "drop-answer" | "drop-request";

export type NetworkRelay = {
  /** http://127.0.0.1:<port>, to be used as the channel's server */
  url: string;
  /** Resolves when the planned request arrived (for "hold": it is now held). */
  arrived: Promise<void>;
  /** For "hold": forwards the held request; resolves once the server answered (the answer is then dropped). */
  release(): Promise<void>;
  /** How many requests that `matches` came in (the planned one included). */
  matched(): number;
  close(): Promise<void>;
};

/**
 * A relay on 127.0.0.1 in front of a local test server (the PDS, GoToSocial) that loses one request or its answer
 * on purpose, so tests can put a publication in the states a crash or a network fault leaves. Bodies are buffered;
 * hop-by-hop headers dropped. Requests in flight to the server are bounded by a 30 s timeout.
 */
export async function startNetworkRelay(input: {
  target: string;
  plan: RelayPlan;
  matches: (req: http.IncomingMessage) => boolean;
}): Promise<NetworkRelay> {
  let planned = true;
  let count = 0;
  let signalArrived: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => {
    signalArrived = resolve;
  });
  let held: (() => Promise<void>) | null = null;
  let signalHeld: () => void = () => undefined;
  const heldReady = new Promise<void>((resolve) => {
    signalHeld = resolve;
  });

  const forward = async (req: http.IncomingMessage, body: Buffer) => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === "string" && !["host", "connection", "content-length", "keep-alive"].includes(k))
        headers.set(k, v);
    }
    const upstream = await fetch(new URL(req.url ?? "/", input.target), {
      method: req.method,
      headers,
      body: body.length > 0 ? new Uint8Array(body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    return { upstream, answer: Buffer.from(await upstream.arrayBuffer()) };
  };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const isMatch = input.matches(req);
    if (isMatch) count++;
    if (isMatch && planned) {
      planned = false;
      signalArrived();
      if (input.plan === "drop-request") {
        req.socket.destroy();
        return;
      }
      if (input.plan === "hold") {
        held = async () => {
          await forward(req, body);
          req.socket.destroy();
        };
        signalHeld();
        return;
      }
      await forward(req, body);
      req.socket.destroy(); // the server acted on it; its answer never arrives
      return;
    }
    try {
      const { upstream, answer } = await forward(req, body);
      const type = upstream.headers.get("content-type");
      res.writeHead(upstream.status, type ? { "content-type": type } : {});
      res.end(answer);
    } catch {
      req.socket.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    arrived,
    async release() {
      await heldReady;
      await held?.();
    },
    matched: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
