import pg from 'pg';
import { instrumentPoolQueries } from './postgres-timing';
import type { TimingSink } from './query-timing';

export type PgPool = pg.Pool;

export interface Migration {
  /** Unique and ordered: '001-create-users'. Never edit an applied migration; add a new one. */
  id: string;
  sql: string;
}

export interface PostgresPoolOptions {
  /** Most connections (default 10). */
  max?: number;
  /** When given, every query is timed as `ecommerce.database.query_time` (db_system:postgresql, operation). */
  metrics?: TimingSink;
  /** The password, when the URL carries none (compose reads it from a generated file: DATABASE_PASSWORD_FILE). */
  password?: string;
}

/**
 * A connection pool. `application_name` shows up in pg_stat_activity and in Datadog DBM.
 * The third argument is the options, or (older call sites) just `max`.
 */
export function createPostgresPool(url: string, applicationName: string, options: number | PostgresPoolOptions = {}): PgPool {
  const { max = 10, metrics, password } = typeof options === 'number' ? { max: options } : options;
  const pool = new pg.Pool({
    connectionString: url,
    ...(password !== undefined ? { password } : {}),
    application_name: applicationName,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (server restart) emits here; without a listener it would crash the process.
  pool.on('error', () => undefined);
  if (metrics) instrumentPoolQueries(pool, metrics);
  return pool;
}

export async function checkPostgres(pool: PgPool): Promise<void> {
  await pool.query('SELECT 1');
}

/**
 * Applies migrations not yet recorded in `schema_migrations`, each in its own transaction.
 * An advisory lock makes concurrent start-ups of the same service wait instead of racing.
 */
export async function migratePostgres(pool: PgPool, migrations: Migration[]): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', ['shopfast_migrations']);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ id: string }>('SELECT id FROM schema_migrations');
    const done = new Set(rows.map((row) => row.id));
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
        await client.query('COMMIT');
        applied.push(migration.id);
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${migration.id} failed: ${(error as Error).message}`);
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['shopfast_migrations']).catch(() => undefined);
    client.release();
  }
  return applied;
}

/**
 * Runs `work` in one transaction on one pooled connection: COMMIT when it resolves, ROLLBACK when it
 * throws (the error is rethrown), and the connection always goes back to the pool.
 */
export async function withTransaction<T>(pool: PgPool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
