import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createMongoClient } from "@/lib/db/mongo";
import { getEnv } from "@/lib/env";

// The metrics client must reach MongoDB once it is up even when its first attempt failed (the web app or worker
// started while MongoDB was down). A TCP relay on a port of our own stands in for "MongoDB comes up later".

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Relays 127.0.0.1:`port` to the real MongoDB-compatible server of the test stack. */
async function startRelay(port: number): Promise<Server> {
  const target = new URL(getEnv().MONGODB_URL);
  const sockets = new Set<Socket>();
  const relay = createServer((client) => {
    const upstream = tcpConnect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => undefined);
      s.on("close", () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => relay.listen(port, "127.0.0.1", resolve));
  closers.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => relay.close(resolve));
  });
  return relay;
}

describe("the metrics MongoDB client", () => {
  it("connects once the server is up, after a first attempt that found it down", async () => {
    const port = await freePort();
    const url = new URL(getEnv().MONGODB_URL);
    url.host = `127.0.0.1:${port}`;
    const client = createMongoClient(url.toString());
    closers.push(() => client.close());

    const down = await client
      .db()
      .command({ ping: 1 })
      .catch((e: unknown) => e);
    expect((down as Error).name).toBe("MongoServerSelectionError");

    await startRelay(port);
    expect(await client.db().command({ ping: 1 })).toMatchObject({ ok: 1 });
  });
});
