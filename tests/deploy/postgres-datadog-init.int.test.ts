// infra/postgres/init/02-datadog.sql against the local stack's real PostgreSQL 15, run with psql the
// way both the postgres image and the local stack run it: twice (it must be re-runnable), then checked
// from the point of view of the Datadog agent, which logs in as `datadog`.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import pg from 'pg';
import { describe, expect, it, beforeAll } from 'vitest';
import { storeUrls } from '@shopfast/test-kit';
import { repoRoot } from './compose-file';

const PSQL = '/usr/lib/postgresql/15/bin/psql';
const databases = ['postgres', 'shopfast_user', 'shopfast_order', 'shopfast_payment', 'shopfast_shipping', 'shopfast_notification', 'shopfast_incident'];
const asDatadog = (database: string) => storeUrls.postgres(database).replace('postgres://postgres@', 'postgres://datadog@');

function runInitFile(file: string) {
  const url = new URL(storeUrls.postgres('postgres'));
  return spawnSync(
    PSQL,
    ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', url.hostname, '-p', url.port || '5432', '-U', 'postgres', '-d', 'postgres', '-f', path.join(repoRoot, 'infra/postgres/init', file)],
    { encoding: 'utf8' },
  );
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('02-datadog.sql on PostgreSQL 15', () => {
  beforeAll(() => {
    // 01 creates the databases 02 connects to; the stack has applied it already, running it again is harmless.
    expect(runInitFile('01-databases.sql').status).toBe(0);
  });

  it('runs twice in a row without an error (psql with ON_ERROR_STOP)', () => {
    for (const attempt of [1, 2]) {
      const result = runInitFile('02-datadog.sql');
      expect(`${attempt}: ${result.stderr.split('\n').filter((l) => !/NOTICE/.test(l)).join('\n').trim()}`).toBe(`${attempt}: `);
      expect(result.status).toBe(0);
    }
  });

  it('creates a datadog login role that inherits pg_monitor', async () => {
    const role = await withClient(storeUrls.postgres('postgres'), async (client) =>
      (await client.query<{ rolcanlogin: boolean; rolinherit: boolean; monitor: boolean }>(
        "SELECT rolcanlogin, rolinherit, pg_has_role('datadog', 'pg_monitor', 'MEMBER') AS monitor FROM pg_roles WHERE rolname = 'datadog'",
      )).rows[0],
    );
    expect(role).toEqual({ rolcanlogin: true, rolinherit: true, monitor: true });
  });

  it.each(databases)('lets datadog explain queries and read pg_stat_statements in %s', async (database) => {
    await withClient(asDatadog(database), async (client) => {
      const plan = (await client.query<{ explain: Array<{ Plan: { 'Node Type': string } }> }>("SELECT datadog.explain_statement('SELECT 1') AS explain")).rows[0]!.explain;
      expect(plan[0]!.Plan['Node Type']).toBe('Result');
      const extension = await client.query("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'");
      expect(extension.rowCount).toBe(1);
    });
  });

  it('does not let datadog run the statements it explains', async () => {
    await withClient(asDatadog('shopfast_user'), async (client) => {
      await expect(client.query('CREATE TABLE datadog_should_not_create (id int)')).rejects.toThrow(/permission denied/);
    });
  });
});
