import { MongoClient, type CommandFailedEvent, type CommandSucceededEvent, type Db } from 'mongodb';
import { mongoOperation, reportQueryTime, type TimingSink } from './query-timing';

export interface MongoStore {
  client: MongoClient;
  db: Db;
}

/**
 * Connects to MongoDB (FerretDB in the local stack, mongo:8.0 in compose). The database name comes
 * from the URL path. Short server-selection timeout so a missing server fails start-up and readiness fast.
 */
export interface MongoOptions {
  /**
   * When given, every command is timed as `ecommerce.database.query_time` (db_system:mongodb, operation =
   * command name from a bounded list, else `other`), from the driver's command monitoring events, whose
   * duration is the driver's own round-trip measure. Server heartbeats are not commands and are not counted.
   */
  metrics?: TimingSink;
}

export async function connectMongo(url: string, appName: string, options: MongoOptions = {}): Promise<MongoStore> {
  const { metrics } = options;
  const client = new MongoClient(url, { appName, serverSelectionTimeoutMS: 5_000, maxPoolSize: 20, monitorCommands: Boolean(metrics) });
  if (metrics) {
    const report = (event: CommandSucceededEvent | CommandFailedEvent) => reportQueryTime(metrics, event.duration, 'mongodb', mongoOperation(event.commandName));
    client.on('commandSucceeded', report);
    client.on('commandFailed', report);
  }
  await client.connect();
  return { client, db: client.db() };
}

export async function checkMongo(store: MongoStore): Promise<void> {
  await store.db.command({ ping: 1 });
}
