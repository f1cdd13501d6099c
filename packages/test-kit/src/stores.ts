import { LOCAL_HOST as host, port } from '@shopfast/stack-ports';
import pg from 'pg';

/**
 * Addresses of the local stack's real stores, for integration tests that start a service in-process.
 * Ports come from @shopfast/stack-ports (SHOPFAST_*_PORT overrides), like the stack's. Tests use their
 * own databases and indices, never the ones the running services use, so a test run and a running
 * shop do not see each other.
 */
export const storeUrls = {
  postgres: (database: string) => `postgres://postgres@${host}:${port('postgres')}/${database}`,
  mongo: (database: string) => `mongodb://${host}:${port('mongo')}/${database}`,
  redis: (db = 0) => `redis://${host}:${port('redis')}/${db}`,
  elasticsearch: `http://${host}:${port('elasticsearch')}`,
};

/** Drops and recreates a PostgreSQL database so each test file starts from an empty schema. */
export async function freshPostgresDatabase(database: string): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(database)) throw new Error(`unsafe database name ${database}`);
  const admin = new pg.Client({ connectionString: storeUrls.postgres('postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  return storeUrls.postgres(database);
}
