import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import * as signedFileRoute from "@/app/media/[id]/[variant]/route";

/**
 * The app's signed media route (GET /media/:id/:variant?exp=&sig=, app/media/[id]/[variant]/route.ts) served on
 * 127.0.0.1 by a plain HTTP server, so a platform stub can fetch a signed URL the way Instagram does. Set
 * PUBLIC_URL to `url` before anything reads the settings (getEnv caches them).
 */
export async function startAppMediaServer(): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    void (async () => {
      const u = new URL(req.url ?? "/", "http://127.0.0.1");
      hits.push(u.pathname);
      const [, first, id = "", variant = ""] = u.pathname.split("/");
      if (first !== "media" || req.method !== "GET") {
        res.writeHead(404).end();
        return;
      }
      const answer = await signedFileRoute.GET(new NextRequest(`http://127.0.0.1${u.pathname}${u.search}`), {
        params: Promise.resolve({ id, variant }),
      });
      const headers: Record<string, string> = {};
      answer.headers.forEach((v, k) => {
        headers[k] = v;
      });
      res.writeHead(answer.status, headers);
      res.end(Buffer.from(await answer.arrayBuffer()));
    })().catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
