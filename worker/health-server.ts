import { createServer, type Server } from "node:http";

/** GET / on 127.0.0.1:port → 200 while the worker runs, 503 while it shuts down. For process supervisors. */
export function startHealthServer({ port, status }: { port: number; status: () => { ok: boolean } & object }): Server {
  const server = createServer((_req, res) => {
    const body = status();
    res.writeHead(body.ok ? 200 : 503, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  });
  server.listen(port, "127.0.0.1");
  server.unref();
  return server;
}
