import { MongoClient, type Db } from 'mongodb';

export interface MongoStore {
  client: MongoClient;
  db: Db;
}

/**
 * Connects to MongoDB (FerretDB in the local stack, mongo:7 in compose). The database name comes
 * from the URL path. Short server-selection timeout so a missing server fails start-up and readiness fast.
 */
export async function connectMongo(url: string, appName: string): Promise<MongoStore> {
  const client = new MongoClient(url, { appName, serverSelectionTimeoutMS: 5_000, maxPoolSize: 20 });
  await client.connect();
  return { client, db: client.db() };
}

export async function checkMongo(store: MongoStore): Promise<void> {
  await store.db.command({ ping: 1 });
}
