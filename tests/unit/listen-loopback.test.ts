import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";

// scripts/stack/listen-loopback.mjs: the preload that keeps the Bluesky PDS's host-less listen() calls on 127.0.0.1.
// Each listen form runs in a child Node started with the preload; the child prints the address each server got
// (127.0.0.2, also loopback, stands for "a host the caller chose").

const preload = path.resolve(import.meta.dirname, "../../scripts/stack/listen-loopback.mjs");

const script = `
const net = require("node:net");
const http = require("node:http");
const forms = {
  "listen()": (s, cb) => s.listen(cb),
  "listen(0)": (s, cb) => s.listen(0, cb),
  "listen('0')": (s, cb) => s.listen("0", cb),
  "listen(undefined)": (s, cb) => s.listen(undefined, cb),
  "listen(0, backlog)": (s, cb) => s.listen(0, 511, cb),
  "listen({ port })": (s, cb) => s.listen({ port: 0 }, cb),
  "http listen(0)": null,
  "explicit 127.0.0.2": (s, cb) => s.listen(0, "127.0.0.2", cb),
  "explicit { host: 127.0.0.2 }": (s, cb) => s.listen({ port: 0, host: "127.0.0.2" }, cb),
};
(async () => {
  const out = {};
  for (const [name, listen] of Object.entries(forms)) {
    const server = listen ? net.createServer() : http.createServer();
    await new Promise((resolve) => (listen ? listen(server, resolve) : server.listen(0, resolve)));
    out[name] = server.address().address;
    server.close();
  }
  process.stdout.write(JSON.stringify(out));
})();
`;

it("binds host-less listens to 127.0.0.1 and leaves an explicit host as it is", () => {
  const out = execFileSync(process.execPath, ["--import", preload, "-e", script], { encoding: "utf8" });
  expect(JSON.parse(out)).toEqual({
    "listen()": "127.0.0.1",
    "listen(0)": "127.0.0.1",
    "listen('0')": "127.0.0.1",
    "listen(undefined)": "127.0.0.1",
    "listen(0, backlog)": "127.0.0.1",
    "listen({ port })": "127.0.0.1",
    "http listen(0)": "127.0.0.1",
    "explicit 127.0.0.2": "127.0.0.2",
    "explicit { host: 127.0.0.2 }": "127.0.0.2",
  });
});
