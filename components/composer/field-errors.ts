import type { FieldIssue } from "@/components/hooks/use-post-mutations";

/** The composer's fields an API error can point at; anything else is shown at the top of the form. */
export const FIELDS = ["content", "channelIds", "tags", "media", "mediaUrls", "scheduledAt", "timezone"] as const;
export type Field = (typeof FIELDS)[number] | "form";
export type FieldErrors = Partial<Record<Field, string[]>>;

/**
 * `details[].path` ("content", "mediaUrls.1", "media.0.id", "tags.0", "scheduledAt") → the field it names, so each
 * message appears next to its input ("URL 2: …", "Media item 1: …"). A message without a known field, or an error
 * without details, goes to "form".
 */
export function toFieldErrors(message: string, issues: readonly FieldIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const head = issue.path.split(".")[0] ?? "";
    const field: Field = (FIELDS as readonly string[]).includes(head) ? (head as Field) : "form";
    const index = issue.path.split(".")[1];
    const position = index !== undefined && /^\d+$/.test(index) ? Number(index) + 1 : undefined;
    const text =
      position === undefined
        ? issue.message
        : field === "mediaUrls"
          ? `URL ${position}: ${issue.message}`
          : field === "media"
            ? `Media item ${position}: ${issue.message}`
            : issue.message;
    errors[field] = [...(errors[field] ?? []), text];
  }
  if (issues.length === 0 || !errors.form) {
    // The summary names the problem once at the top; field messages say where.
    errors.form = [message];
  }
  return errors;
}
