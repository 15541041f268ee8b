import { z } from "zod";

export const memberRole = z.enum(["OWNER", "ADMIN", "EDITOR", "VIEWER", "APPROVER"]);

export const memberParams = z.object({ userId: z.string().min(1).max(64) });

export const changeRoleBody = z.object({ role: memberRole }).strict();

export const transferOwnershipBody = z.object({ userId: z.string().min(1).max(64) }).strict();

export const auditQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().min(1).max(64).optional(),
  })
  .strict();
