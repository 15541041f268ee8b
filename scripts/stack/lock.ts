import { withLock } from "../lock.mjs";
import { log, StackError } from "./proc";

/**
 * Runs `fn` holding the lock file `file` (scripts/lock.mjs): waits while another live launcher holds it, saying so
 * once, for at most 10 minutes; then throws a StackError naming the holder. `what` names what the lock guards.
 */
export function withStackLock<T>(file: string, what: string, fn: () => Promise<T>): Promise<T> {
  return withLock(file, { what, log }, fn).catch((error: unknown) => {
    throw error instanceof StackError || !(error instanceof Error) ? error : new StackError(error.message);
  });
}
