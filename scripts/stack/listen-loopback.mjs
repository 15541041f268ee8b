// Preload (`node --import`) for servers that call listen() without a host — which Node binds to every interface.
// It fills in 127.0.0.1 for TCP listens that name no host; a listen on a Unix socket, a handle or an explicit host is
// left as it is. Used for the Bluesky PDS and PLC of @atproto/dev-env (scripts/stack/bluesky-pds.mjs).
import net from "node:net";

const LOOPBACK = "127.0.0.1";
const listen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first] = args;
  if (args.length === 0 || typeof first === "function") {
    // listen() / listen(callback): a random port on every interface
    args.unshift(0, LOOPBACK);
  } else if (first === undefined || first === null) {
    // listen(undefined[, host], …): also a random port
    args[0] = 0;
    if (typeof args[1] !== "string") args.splice(1, 0, LOOPBACK);
  } else if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
    // listen(port[, host][, backlog][, callback])
    if (typeof args[1] !== "string") args.splice(1, 0, LOOPBACK);
  } else if (first && typeof first === "object" && !("path" in first) && !("fd" in first) && !("_handle" in first)) {
    // listen({ port, host?, … }[, callback]); a server or handle object has _handle / fd
    if (first.host === undefined || first.host === null || first.host === "") args[0] = { ...first, host: LOOPBACK };
  }
  return listen.apply(this, args);
};
