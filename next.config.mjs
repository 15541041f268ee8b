/** @type {import('next').NextConfig} */
const nextConfig = {
  // The worker and the CLI share lib/ with the web app; these server-only packages stay out of the bundle.
  serverExternalPackages: ["bullmq", "ioredis", "pino", "@prisma/adapter-pg", "pg", "mongodb"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
