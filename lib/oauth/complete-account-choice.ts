import { ApiError } from "@/lib/api/errors";
import { saveOAuthAccountChannel } from "@/lib/channels/save-oauth-account-channel";
import type { Db } from "@/lib/db/prisma";
import { readAccountChoice } from "@/lib/oauth/read-account-choice";
import type { CompleteAccountChoiceResponse } from "@/lib/schemas/oauth-connect";

/**
 * Connects the accounts a person picked from a pending choice (POST /api/channels/connect/choices/:id): each becomes
 * a channel, or refreshes the workspace's channel of it (saveOAuthAccountChannel), all in one transaction that also
 * marks the choice used (compare-and-set usedAt null → now, so it works once). Throws ApiError, writing nothing:
 * 422 naming the ids that are not in the choice or whose account cannot be connected (with the reason); 404 when
 * the choice is unknown, another workspace's or person's, used (also by a request racing this one) or expired.
 */
export async function completeAccountChoice({
  db,
  id,
  workspaceId,
  userId,
  accountIds,
  now = new Date(),
}: {
  db: Db;
  id: string;
  workspaceId: string;
  userId: string | null;
  accountIds: string[];
  now?: Date;
}): Promise<CompleteAccountChoiceResponse> {
  const choice = await readAccountChoice({ db, id, workspaceId, userId, now });
  const picked = accountIds.map((accountId) => ({
    accountId,
    account: choice.accounts.find((a) => a.accountId === accountId),
  }));
  const unknown = picked.filter((p) => !p.account).map((p) => p.accountId);
  if (unknown.length > 0) {
    throw new ApiError("unprocessable", `accountIds: not among this login's accounts: ${unknown.join(", ")}`, {
      unknown,
    });
  }
  const refused = picked.filter((p) => p.account?.refusal);
  if (refused.length > 0) {
    const reasons = refused.map((p) => `${p.account?.accountName} (${p.accountId}): ${p.account?.refusal}`);
    throw new ApiError("unprocessable", `accountIds: these accounts cannot be connected: ${reasons.join("; ")}`, {
      refused: refused.map((p) => p.accountId),
    });
  }
  return db.$transaction(async (tx) => {
    const taken = await tx.oAuthAccountChoice.updateMany({
      where: { id, workspaceId, userId: userId ?? "", usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (taken.count === 0) {
      throw new ApiError("not_found", "These accounts were already picked: start the connection again to add others");
    }
    const channels: CompleteAccountChoiceResponse["channels"] = [];
    for (const { account } of picked) {
      if (!account) continue;
      const saved = await saveOAuthAccountChannel({ tx, workspaceId, account });
      channels.push({
        id: saved.channelId,
        platform: account.platform,
        displayName: saved.displayName,
        created: saved.created,
      });
    }
    return { channels };
  });
}
