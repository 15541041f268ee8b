import type { HealthReport } from "@/components/hooks/api-types";

type Props = { data: HealthReport | undefined; isPending: boolean; error: Error | null };

const NAMES: Record<string, string> = { postgres: "PostgreSQL", redis: "Redis", mongodb: "MongoDB", worker: "Worker" };

/** One line of service reachability; a failing service says so in words, not only in red. */
export function HealthStrip({ data, isPending, error }: Props) {
  const entries = data ? Object.entries(data.checks) : [];
  return (
    <section className="health" aria-label="Service health">
      {isPending ? (
        <span className="muted" role="status">
          Checking services…
        </span>
      ) : !data ? (
        <span className="warn" role="alert">
          Health unavailable: {error?.message ?? "no answer"}
        </span>
      ) : (
        <ul className="health-list">
          {entries.map(([name, check]) => (
            <li
              key={name}
              className={check.ok ? "health-ok" : "health-down"}
              title={check.error ?? `${check.latencyMs} ms`}
            >
              <span className={`dot ${check.ok ? "dot-ok" : "dot-down"}`} aria-hidden="true" />
              {NAMES[name] ?? name} <span className="visually-hidden">:</span>
              <span className="health-state">{check.ok ? "up" : "down"}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
