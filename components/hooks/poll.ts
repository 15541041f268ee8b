/** How often the dashboard re-reads what the worker changes (posts, queue, health). */
export const POLL_MS = 5_000;
