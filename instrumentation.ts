// Next.js start-up hook (https://nextjs.org/docs/app/guides/instrumentation): runs once per server process,
// before the first request is handled.

export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Route handlers get no socket; this stamps each request with its TCP peer's address (lib/api/client-address.ts).
    const { installClientAddressStamp } = await import("@/lib/api/client-address");
    installClientAddressStamp();
  }
}
