import type { z } from "zod";
import { PublishError } from "@/lib/publishing/networks/types";

/**
 * A channel's stored config or credentials read through the adapter's zod `schema`: the parsed value, or
 * PublishError "reconnect" with `message` (shown on the result; it should say what is missing and to connect the
 * channel again) when they do not match — only connecting the account again can repair them.
 */
export function parseChannelData<T>(schema: z.ZodType<T>, value: unknown, message: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new PublishError("reconnect", message);
  return parsed.data;
}
