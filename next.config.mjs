/** @type {import('next').NextConfig} */
const nextConfig = {
  // The worker and the CLI share lib/ with the web app; these server-only packages stay out of the bundle.
  serverExternalPackages: ["bullmq", "ioredis", "pino", "@prisma/adapter-pg", "pg", "mongodb"],
  poweredByHeader: false,
  // `npm test` runs `tsc --noEmit` over the whole tree (web, worker, scripts) right before `next build`;
  // checking the same files again inside the build doubled its time on 2 cores.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
};

export default nextConfig;
