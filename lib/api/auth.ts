import { createHash, randomBytes } from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import type { TokenScope } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/prisma";
import type { MembershipRole } from "@/lib/generated/prisma/enums";

/**
 * Who is calling: an API token (`tokenId`, `tokenScope`; `role` null) or a signed-in member's session (`userId`,
 * `sessionId`, `role`: their role in this workspace; `tokenScope` null).
 */
export type WorkspaceContext = {
  workspaceId: string;
  timezone: string;
  tokenId: string | null;
  userId: string | null;
  sessionId: string | null;
  role: MembershipRole | null;
  tokenScope: TokenScope | null;
};

const TOKEN_PREFIX = "cad_";

/** A new API token: shown once to the person, only its SHA-256 is stored (it has 256 bits of entropy). */
export function generateApiToken(): { token: string; hash: string; prefix: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return { token, hash: hashApiToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) };
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

const LAST_USED_RESOLUTION_MS = 60_000;

/** Resolves `Authorization: Bearer <token>` to its workspace; anything else is 401. */
export async function authenticateBearer(db: Db, authorization: string | null): Promise<WorkspaceContext> {
  const match = authorization?.match(/^Bearer\s+(\S+)$/i);
  if (!match?.[1])
    throw new ApiError("unauthenticated", "Missing bearer token: send Authorization: Bearer <API token>");
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashApiToken(match[1]) },
    select: {
      id: true,
      scope: true,
      revokedAt: true,
      lastUsedAt: true,
      workspace: { select: { id: true, timezone: true } },
    },
  });
  if (!row || row.revokedAt) throw new ApiError("unauthenticated", "Invalid or revoked API token");
  const now = Date.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  return {
    workspaceId: row.workspace.id,
    timezone: row.workspace.timezone,
    tokenId: row.id,
    userId: null,
    sessionId: null,
    role: null,
    tokenScope: row.scope === "read" ? "read" : "write",
  };
}
