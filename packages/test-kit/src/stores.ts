import pg from 'pg';

/**
 * Addresses of the local stack's real stores, for integration tests that start a service in-process.
 * Ports follow scripts/stack (SHOPFAST_*_PORT overrides). Tests use their own databases and indices,
 * never the ones the running services use, so a test run and a running shop do not see each other.
 */
const host = '127.0.0.1';
const pgPort = process.env.SHOPFAST_PG_PORT ?? '5432';
const redisPort = process.env.SHOPFAST_REDIS_PORT ?? '6379';
const mongoPort = process.env.SHOPFAST_MONGO_PORT ?? '27017';
const esPort = process.env.SHOPFAST_ES_PORT ?? '9200';

export const storeUrls = {
  postgres: (database: string) => `postgres://postgres@${host}:${pgPort}/${database}`,
  mongo: (database: string) => `mongodb://${host}:${mongoPort}/${database}`,
  redis: (db = 0) => `redis://${host}:${redisPort}/${db}`,
  elasticsearch: `http://${host}:${esPort}`,
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
