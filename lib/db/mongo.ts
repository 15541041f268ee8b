import { type Db, MongoClient, type MongoClientOptions } from "mongodb";
import { getEnv } from "@/lib/env";

const globalForMongo = globalThis as unknown as { cadenceMongo?: MongoClient };

/**
 * A MongoClient that can still connect after its first attempt failed. The driver (7.x) keeps the topology of a
 * failed first connect, closed, so every later operation fails with "Topology is closed" even once the server is
 * back: a web process or worker started while MongoDB was down would never reach it until restarted. Dropping
 * that topology makes the next operation connect afresh (the driver's auto-connect runs when there is none).
 */
class RecoveringMongoClient extends MongoClient {
  override async connect(): Promise<this> {
    try {
      return await super.connect();
    } catch (err) {
      (this as unknown as { topology?: unknown }).topology = undefined;
      throw err;
    }
  }
}

export function createMongoClient(url = getEnv().MONGODB_URL): MongoClient {
  const options: MongoClientOptions = { serverSelectionTimeoutMS: 2_000, connectTimeoutMS: 2_000 };
  return new RecoveringMongoClient(url, options);
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
