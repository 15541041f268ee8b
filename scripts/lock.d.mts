// Types for scripts/lock.mjs (plain JavaScript so that scripts/bootstrap.mjs can use it before npm packages exist).
export type LockOptions = {
  /** what the lock guards, for messages ("the test services") */
  what: string;
  /** how long to wait for a live holder before throwing (default 600 000 ms) */
  timeoutMs?: number;
  pollMs?: number;
  /** told once when waiting starts */
  log?: (message: string) => void;
};
export function processIdentity(): { pid: number; start?: string };
export function ownerAlive(owner: { pid: number; start?: string }): boolean;
export function acquireLock(file: string, options: LockOptions): Promise<() => void>;
export function withLock<T>(file: string, options: LockOptions, fn: () => Promise<T> | T): Promise<T>;
