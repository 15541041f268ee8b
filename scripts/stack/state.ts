import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..", "..");

/** Where the profiles' data and the launcher's locks live: .data/, or CADENCE_DATA_DIR (the launcher's own tests). */
export const dataRoot = process.env.CADENCE_DATA_DIR
  ? path.resolve(process.env.CADENCE_DATA_DIR)
  : path.join(root, ".data");

/** dev (npm run up), test (npm test) and bench each get their own servers and data under .data/<profile>/. */
export type Profile = "dev" | "test" | "bench";

export function profileDir(profile: Profile): string {
  const dir = path.join(dataRoot, profile);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** `fresh`: started by this invocation (so it is this invocation's to stop), not reused. */
export type ServiceState = { port: number; pid?: number; kind?: string; fresh?: boolean };
export type StackState = {
  postgres?: ServiceState & { password: string };
  redis?: ServiceState;
  mongo?: ServiceState;
  /** SeaweedFS's S3 gateway port (scripts/stack/s3.ts); its credentials are the s3-*.secret files. */
  s3?: ServiceState;
  /**
   * The Bluesky PDS (port), its PLC directory (plcPort), the AppView (appviewPort, 0 when none) and the tests' control port, one
   * Node process (scripts/stack/bluesky.ts).
   */
  bluesky?: ServiceState & { plcPort: number; appviewPort: number; controlPort: number };
  /** GoToSocial, the Mastodon-API server (scripts/stack/gotosocial.ts); `config` is what its admin CLI needs. */
  gotosocial?: ServiceState & { config: string; bin: string };
  /** Mailpit, the test SMTP server (scripts/stack/mailpit.ts): `port` its HTTP API, `smtpPort` and `pop3Port`. */
  mailpit?: ServiceState & { smtpPort: number; pop3Port: number };
};

function statePath(profile: Profile) {
  return path.join(profileDir(profile), "services.json");
}

export function readState(profile: Profile): StackState {
  const file = statePath(profile);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as StackState) : {};
}

export function writeState(profile: Profile, state: StackState) {
  writeFileSync(statePath(profile), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

/**
 * Local secrets made once per profile (never committed): the database password, CREDENTIALS_KEY, and the local S3
 * server's access key id and secret.
 */
export function localSecret(
  profile: Profile,
  name: "pg-password" | "credentials-key" | "s3-access-key" | "s3-secret-key",
): string {
  const file = path.join(profileDir(profile), `${name}.secret`);
  if (!existsSync(file)) {
    const value = name === "credentials-key" ? randomBytes(32).toString("base64") : randomBytes(18).toString("hex");
    writeFileSync(file, value, { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}
