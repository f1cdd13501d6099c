import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { createMetrics } from '@shopfast/service-kit';
import { checkPostgres, createPostgresPool, migratePostgres, type PgPool } from '@shopfast/stores';
import { freshPostgresDatabase } from '@shopfast/test-kit';
import { createApp } from './app';
import { argon2Passwords, createAccounts, type PasswordHasher } from './domain/accounts';
import { migrations } from './store/migrations';
import { createUserStore } from './store/user-store';

const logger = pino({ level: 'silent' });
const metrics = createMetrics({ host: '127.0.0.1', port: 9, logger, mock: true });
const tokens = { secret: 'integration-test-secret-0123456789abcdef', issuer: 'shopfast-user', ttlSeconds: 600 };
let pool: PgPool;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  pool = createPostgresPool(await freshPostgresDatabase('shopfast_user_integration_test'), 'user-test');
  expect(await migratePostgres(pool, migrations)).toEqual(['001-create-users']);
  app = createApp({ accounts: createAccounts({ store: createUserStore(pool), tokens, metrics }), logger, metrics, readiness: { postgres: () => checkPostgres(pool) } });
});

afterAll(() => pool?.end());

const signup = (body: Record<string, unknown>) => request(app).post('/signup').send(body);

describe('sign-up', () => {
  it('creates an account and returns a signed token for it', async () => {
    const response = await signup({ email: 'Ada@Example.test', password: 'correct horse', name: 'Ada' });
    expect(response.status).toBe(201);
    expect(response.body.user).toMatchObject({ email: 'ada@example.test', name: 'Ada' });
    const claims = decodeJwt(response.body.token);
    expect(claims).toMatchObject({ sub: response.body.user.id, iss: 'shopfast-user' });
    expect(claims.exp! - claims.iat!).toBe(600);
  });

  it('stores an argon2id hash, never the password', async () => {
    const { rows } = await pool.query<{ password_hash: string }>("SELECT password_hash FROM users WHERE email = 'ada@example.test'");
    expect(rows[0]?.password_hash).toMatch(/^\$argon2id\$/);
    expect(rows[0]?.password_hash).not.toContain('correct horse');
  });

  it('answers 409 for an e-mail that exists, whatever its case', async () => {
    const response = await signup({ email: 'ADA@example.test', password: 'another one', name: 'Imposter' });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('email_taken');
  });

  it('rejects bad input with 400 and changes no row', async () => {
    const before = (await pool.query('SELECT count(*)::int AS n FROM users')).rows[0].n;
    const cases = [
      { email: 'not-an-email', password: 'long enough', name: 'X' },
      { email: 'x@example.test', password: 'short', name: 'X' },
      { email: 'x@example.test', password: 'long enough', name: '' },
      { email: "' OR 1=1; DROP TABLE users; --", password: 'long enough', name: 'X' },
      { email: { $gt: '' }, password: 'long enough', name: 'X' },
      { email: 'x@example.test', password: 'long enough', name: 'X', isAdmin: true },
    ];
    for (const body of cases) {
      const response = await signup(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
    const after = (await pool.query('SELECT count(*)::int AS n FROM users')).rows[0].n;
    expect(after).toBe(before);
  });

  it('counts the new customer by acquisition channel', async () => {
    metrics.client.mockBuffer = [];
    await signup({ email: 'grace@example.test', password: 'correct horse', name: 'Grace', channel: 'referral' });
    await signup({ email: 'linus@example.test', password: 'correct horse', name: 'Linus', channel: 'tv-ad-campaign-42' });
    const lines = (metrics.client.mockBuffer ?? []).filter((line) => line.startsWith('ecommerce.customers.acquired:'));
    expect(lines).toEqual(['ecommerce.customers.acquired:1|c|#channel:referral', 'ecommerce.customers.acquired:1|c|#channel:other']);
  });
});

describe('login', () => {
  it('returns a token for the right password', async () => {
    const response = await request(app).post('/login').send({ email: 'ada@example.test', password: 'correct horse' });
    expect(response.status).toBe(200);
    expect(response.body.user.email).toBe('ada@example.test');
  });

  it('gives the same 401 for a wrong password and an unknown e-mail', async () => {
    const wrong = await request(app).post('/login').send({ email: 'ada@example.test', password: 'wrong horse' });
    const unknown = await request(app).post('/login').send({ email: 'nobody@example.test', password: 'wrong horse' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('does one argon2 verification for an unknown e-mail as for a wrong password, so timing does not reveal accounts', async () => {
    const verified: string[] = [];
    const counting: PasswordHasher = {
      hash: argon2Passwords.hash,
      verify: (hashed, password) => {
        verified.push(hashed);
        return argon2Passwords.verify(hashed, password);
      },
    };
    const counted = createApp({ accounts: createAccounts({ store: createUserStore(pool), tokens, metrics, passwords: counting }), logger, metrics, readiness: {} });
    expect((await request(counted).post('/login').send({ email: 'ada@example.test', password: 'wrong horse' })).status).toBe(401);
    expect(verified).toHaveLength(1);
    expect((await request(counted).post('/login').send({ email: 'nobody-at-all@example.test', password: 'wrong horse' })).status).toBe(401);
    expect(verified).toHaveLength(2);
    // The unknown e-mail was checked against a real argon2id hash (same cost), not skipped.
    expect(verified[1]).toMatch(/^\$argon2id\$/);
    expect(verified[1]).not.toBe(verified[0]);
  });
});

describe('profiles', () => {
  it('returns a profile by id and 404 for an unknown one', async () => {
    const created = await signup({ email: 'alan@example.test', password: 'correct horse', name: 'Alan' });
    const found = await request(app).get(`/users/${created.body.user.id}`);
    expect(found.body).toEqual(created.body.user);
    expect((await request(app).get('/users/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await request(app).get('/users/1 OR 1=1')).status).toBe(400);
  });
});
