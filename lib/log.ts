import pino from "pino";

const root = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { pid: process.pid },
  redact: { paths: ["*.credentials", "*.token", "*.secret", "*.authorization"], censor: "[redacted]" },
});

/** A structured logger tagged with where the line comes from, e.g. `worker:publish`, `api:schedule`. */
export function logger(context: string) {
  return root.child({ context });
}
