const dev = process.env.NODE_ENV !== "production";

/**
 * Content-Security-Policy for every page and API answer. Scripts and styles only from this site; 'unsafe-inline'
 * because Next.js inlines its bootstrap scripts (nonces would need every response to carry a fresh one) and
 * FullCalendar injects <style> elements. No framing by anyone (frame-ancestors 'none': clickjacking), no plugins,
 * forms post only here. `next dev` also needs eval (React's dev tools) and its HMR websocket.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  `connect-src 'self'${dev ? " ws: wss:" : ""}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Sent on every response (pages, API, static files). README "Security headers" lists them. */
const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" }, // for browsers older than frame-ancestors
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The worker and the CLI share lib/ with the web app; these server-only packages stay out of the bundle.
  serverExternalPackages: ["bullmq", "ioredis", "pino", "@prisma/adapter-pg", "pg", "mongodb"],
  poweredByHeader: false,
  // `npm test` runs `tsc --noEmit` over the whole tree (web, worker, scripts) right before `next build`;
  // checking the same files again inside the build doubled its time on 2 cores.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // HSTS only over https (the TLS-terminating proxy says so): over plain http browsers ignore it anyway, and a
      // local http install must not be told to insist on https.
      {
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" }],
      },
      // API answers are per caller: never stored by a browser or a shared cache (lib/api/route.ts sets it too).
      { source: "/api/:path*", headers: [{ key: "Cache-Control", value: "no-store" }] },
    ];
  },
};

export default nextConfig;
