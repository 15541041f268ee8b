import { z } from "zod";
import { MAX_PASSWORD_LENGTH } from "@/lib/auth/password";

export const signInBody = z.strictObject({
  email: z.string().trim().min(1, "Enter your email").max(320),
  password: z.string().min(1, "Enter your password").max(MAX_PASSWORD_LENGTH),
});

export const switchWorkspaceBody = z.strictObject({ workspaceId: z.string().min(1).max(64) });

export type { SessionView, WorkspaceSummary } from "@/lib/auth/session-view";
