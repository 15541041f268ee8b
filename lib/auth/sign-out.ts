import { hashSessionToken } from "@/lib/auth/session-token";
import type { Db } from "@/lib/db/prisma";

/** Ends the session the cookie token stands for (deleted, not flagged: the token can never be used again). */
export async function signOut({ db, token }: { db: Db; token: string | null | undefined }): Promise<void> {
  if (!token) return;
  await db.session.deleteMany({ where: { tokenHash: hashSessionToken(token) } });
}
