import type { ApiTokenView } from "@/lib/schemas/workspace-settings";

/** A token row as GET /api/workspace/tokens shows it (ISO instants). */
export function toApiTokenView(row: {
  id: string;
  name: string;
  prefix: string;
  scope: "read" | "write";
  lastUsedAt: Date | null;
  createdAt: Date;
  revokedAt: Date | null;
}): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
