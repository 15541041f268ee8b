import { type Db, MongoClient } from "mongodb";
import { getEnv } from "@/lib/env";

const globalForMongo = globalThis as unknown as { cadenceMongo?: MongoClient };

export function createMongoClient(url = getEnv().MONGODB_URL): MongoClient {
  return new MongoClient(url, { serverSelectionTimeoutMS: 2_000, connectTimeoutMS: 2_000 });
}

/** The process-wide MongoDB client (engagement metrics). Connects on first use. */
export function getMongoClient(): MongoClient {
  globalForMongo.cadenceMongo ??= createMongoClient();
  return globalForMongo.cadenceMongo;
}

/** The metrics database: the one named in MONGODB_URL's path, else `cadence`. */
export function getMetricsDb(client: MongoClient = getMongoClient()): Db {
  return client.db();
}
