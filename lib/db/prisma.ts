import { PrismaPg } from "@prisma/adapter-pg";
import { getEnv } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";

const globalForPrisma = globalThis as unknown as { cadencePrisma?: PrismaClient };

export function createPrismaClient(databaseUrl = getEnv().DATABASE_URL): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) });
}

/** The process-wide Prisma client (cached on globalThis so Next's dev reloads reuse one pool). */
export function getPrisma(): PrismaClient {
  globalForPrisma.cadencePrisma ??= createPrismaClient();
  return globalForPrisma.cadencePrisma;
}

export type Db = PrismaClient;
