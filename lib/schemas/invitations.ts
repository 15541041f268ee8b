import { z } from "zod";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { INVITABLE_ROLES } from "@/lib/invitations/invitable-roles";

/** The roles an invitation can carry: every role but Owner (ownership is transferred, never invited). */

const email = z.string().trim().toLowerCase().max(320).pipe(z.email("Enter an email address"));
/** A link token: 32 random bytes as base64url (lib/auth/one-time-token.ts). */
const linkToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "not a Cadence link token");

export const createInvitationBody = z.strictObject({
  email,
  role: z.enum(INVITABLE_ROLES, { message: `role must be one of ${INVITABLE_ROLES.join(", ")} (not OWNER)` }),
});

export const invitationIdParams = z.strictObject({ id: z.string().min(1).max(64) });

export const acceptInvitationBody = z.strictObject({
  token: linkToken,
  /** A new account's name and password (ignored for a signed-in person). */
  name: z.string().trim().max(100, "at most 100 characters").optional(),
  password: z.string().max(MAX_PASSWORD_LENGTH).optional(),
});

export const passwordResetRequestBody = z.strictObject({ email });

export const passwordResetConfirmBody = z.strictObject({
  token: linkToken,
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(MAX_PASSWORD_LENGTH, `at most ${MAX_PASSWORD_LENGTH} characters`),
});
