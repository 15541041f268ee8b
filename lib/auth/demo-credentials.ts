import { readFileSync } from "node:fs";
import path from "node:path";
import { DEMO_EMAIL } from "@/lib/auth/safe-next";

/**
 * The demo user's credentials for the sign-in page, only in development: `next dev` (NODE_ENV=development) or
 * CADENCE_SHOW_DEMO_CREDENTIALS=1 (which `npm run up` sets). The password comes from the file the seed wrote
 * (CADENCE_DEMO_PASSWORD_FILE, default .data/dev/demo-password); no file, nothing shown.
 */
export function readDemoCredentials(): { email: string; password: string } | null {
  const enabled = process.env.CADENCE_SHOW_DEMO_CREDENTIALS === "1" || process.env.NODE_ENV === "development";
  if (!enabled) return null;
  // A runtime file, not part of the app: the ignore comments keep Next's file tracing from pulling in the project.
  const file = path.resolve(
    /* turbopackIgnore: true */ process.env.CADENCE_DEMO_PASSWORD_FILE ?? ".data/dev/demo-password",
  );
  try {
    const password = readFileSync(/* turbopackIgnore: true */ file, "utf8").trim();
    return password ? { email: DEMO_EMAIL, password } : null;
  } catch {
    return null;
  }
}
