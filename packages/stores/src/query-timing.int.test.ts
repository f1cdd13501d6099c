import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, listenedMetrics, storeUrls } from '@shopfast/test-kit';
import { connectMongo, type MongoStore } from './mongo';
import { createPostgresPool, migratePostgres, type PgPool } from './postgres';

// The real metrics client, sending to the stack's DogStatsD listener: the lines below are what it received.
const listened = listenedMetrics('stores');
const { metrics } = listened;
const lines = () => listened.received();
const LINE = /^ecommerce\.database\.query_time:(\d+(?:\.\d+)?)\|ms\|#db_system:(postgresql|mongodb),operation:(\w+)$/;
const timings = async (system: string) =>
  (await listened.received('ecommerce.database.query_time:'))
    .map((line) => LINE.exec(line))
    .filter((match): match is RegExpExecArray => match !== null && match[2] === system)
    .map((match) => ({ ms: Number(match[1]), operation: match[3] }));

beforeEach(async () => {
  await listened.reset();
});

afterAll(async () => {
  await metrics.close();
});

describe('PostgreSQL query timing', () => {
  let pool: PgPool;
  let plain: PgPool;

  beforeAll(async () => {
    const url = await freshPostgresDatabase('shopfast_stores_integration_test');
    pool = createPostgresPool(url, 'stores-test', { metrics });
    plain = createPostgresPool(url, 'stores-test-plain', 2);
    await migratePostgres(pool, [{ id: '001-items', sql: 'CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)' }]);
  });

  afterAll(async () => {
    await pool.end();
    await plain.end();
  });

  it('times every pool.query with its operation', async () => {
    await pool.query('INSERT INTO items (id, name) VALUES ($1, $2)', [1, 'one']);
    await pool.query({ text: 'select name from items where id = $1', values: [1] });
    await pool.query("UPDATE items SET name = 'uno' WHERE id = 1");
    await pool.query('WITH x AS (SELECT 1) SELECT * FROM x');
    await pool.query('DELETE FROM items WHERE id = 1');
    expect((await timings('postgresql')).map((timing) => timing.operation)).toEqual(['INSERT', 'SELECT', 'UPDATE', 'WITH', 'DELETE']);
  });

  it('measures real elapsed time, in milliseconds', async () => {
    await pool.query('SELECT pg_sleep(0.05)');
    const [timing] = await timings('postgresql');
    expect(timing!.ms).toBeGreaterThanOrEqual(45);
    expect(timing!.ms).toBeLessThan(5_000);
  });

  it('times the statements of a transaction on a checked-out client, and failed queries too', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('INSERT INTO items (id, name) VALUES (2, $1)', ['two']);
      await expect(client.query('INSERT INTO items (id, name) VALUES (2, $1)', ['again'])).rejects.toThrow(/duplicate key/);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect((await timings('postgresql')).map((timing) => timing.operation)).toEqual(['BEGIN', 'INSERT', 'INSERT', 'ROLLBACK']);
  });

  it('times callback-style queries and tags other statements OTHER', async () => {
    await new Promise<void>((resolve, reject) => pool.query('SHOW server_version', (error) => (error ? reject(error) : resolve())));
    expect(await timings('postgresql')).toEqual([{ ms: expect.any(Number), operation: 'OTHER' }]);
  });

  it('emits nothing for a pool created without metrics', async () => {
    await plain.query('SELECT 1');
    expect(await lines()).toEqual([]);
  });
});

describe('MongoDB command timing', () => {
  let mongo: MongoStore;
  let plain: MongoStore;

  beforeAll(async () => {
    mongo = await connectMongo(storeUrls.mongo('shopfast_stores_integration_test'), 'stores-test', { metrics });
    plain = await connectMongo(storeUrls.mongo('shopfast_stores_integration_test'), 'stores-test-plain');
    await mongo.db.collection('items').deleteMany({});
  });

  afterAll(async () => {
    await mongo.client.close();
    await plain.client.close();
  });

  it('times each command from the driver monitoring events, tagged with the command name', async () => {
    const items = mongo.db.collection<{ _id: number; name: string }>('items');
    await items.insertOne({ _id: 1, name: 'one' });
    await items.findOne({ _id: 1 });
    await items.updateOne({ _id: 1 }, { $set: { name: 'uno' } });
    await items.aggregate([{ $match: { _id: 1 } }]).toArray();
    await items.deleteOne({ _id: 1 });
    expect((await timings('mongodb')).map((timing) => timing.operation)).toEqual(['insert', 'find', 'update', 'aggregate', 'delete']);
    expect((await timings('mongodb')).every((timing) => timing.ms >= 0 && timing.ms < 5_000)).toBe(true);
  });

  it('times failed commands and folds unknown command names into other', async () => {
    const items = mongo.db.collection<{ _id: number }>('items');
    await items.insertOne({ _id: 5 });
    await listened.reset();
    await expect(items.insertOne({ _id: 5 })).rejects.toThrow(/duplicate key|E11000/);
    await mongo.db.command({ buildInfo: 1 });
    expect((await timings('mongodb')).map((timing) => timing.operation)).toEqual(['insert', 'other']);
  });

  it('emits nothing for a connection made without metrics', async () => {
    await plain.db.collection('items').findOne({});
    expect(await lines()).toEqual([]);
  });
});
