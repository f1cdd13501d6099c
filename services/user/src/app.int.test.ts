import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { generateServiceKeys } from '@shopfast/service-kit';
import { createPostgresPool, migratePostgres, type PgPool } from '@shopfast/stores';
import { callerHeaders, freshPostgresDatabase, listenedMetrics, testCallers } from '@shopfast/test-kit';
import { argon2Passwords, type PasswordHasher } from './domain/accounts';
import { migrations } from './store/migrations';
import { wireUser } from './wire';

const logger = pino({ level: 'silent' });
const listened = listenedMetrics('user');
const { metrics } = listened;
// A key made for this run, never written down: the user service signs login tokens with its own key.
const signingKey = generateServiceKeys(['user'] as const).user.privateKey;
const callers = testCallers('user');
let pool: PgPool;
let app: ReturnType<typeof wireUser>['app'];
/** The user service as main.ts wires it, on the test database; `passwords` lets a test count verifications. */
const userService = (passwords?: PasswordHasher) =>
  wireUser({ config: { JWT_ISSUER: 'shopfast-user', JWT_TTL_SECONDS: 600 }, logger, metrics, callers, signingKey, pool, passwords });

beforeAll(async () => {
  pool = createPostgresPool(await freshPostgresDatabase('shopfast_user_integration_test'), 'user-test');
  expect(await migratePostgres(pool, migrations)).toEqual(['001-create-users']);
  app = userService().app;
});

afterAll(async () => {
  await pool?.end();
  await metrics.close();
});

/** Sign-up and login as the gateway sends them. */
const signup = async (body: Record<string, unknown>) => request(app).post('/signup').set(await callerHeaders('gateway', 'user')).send(body);
const login = async (body: Record<string, unknown>, target = app) => request(target).post('/login').set(await callerHeaders('gateway', 'user')).send(body);
/** A profile read by `from` on behalf of the customer `userId`. */
const profile = async (id: string, userId: string, from: 'gateway' | 'order' = 'gateway') =>
  request(app).get(`/users/${id}`).set(await callerHeaders(from, 'user', { userId }));
const userCount = async () => (await pool.query('SELECT count(*)::int AS n FROM users')).rows[0].n as number;

describe('sign-up', () => {
  it('creates an account and returns a signed token for it', async () => {
    const response = await signup({ email: 'Ada@Example.test', password: 'correct horse', name: 'Ada' });
    expect(response.status).toBe(201);
    expect(response.body.user).toMatchObject({ email: 'ada@example.test', name: 'Ada' });
    const claims = decodeJwt(response.body.token);
    expect(claims).toMatchObject({ sub: response.body.user.id, iss: 'shopfast-user', aud: 'shopfast-api' });
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
    const before = await userCount();
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
    expect(await userCount()).toBe(before);
  });

  it('counts the new customer by acquisition channel', async () => {
    await listened.reset();
    await signup({ email: 'grace@example.test', password: 'correct horse', name: 'Grace', channel: 'referral' });
    await signup({ email: 'linus@example.test', password: 'correct horse', name: 'Linus', channel: 'tv-ad-campaign-42' });
    const lines = await listened.received('ecommerce.customers.acquired:');
    expect(lines).toEqual(['ecommerce.customers.acquired:1|c|#channel:referral', 'ecommerce.customers.acquired:1|c|#channel:other']);
  });
});

describe('login', () => {
  it('returns a token for the right password', async () => {
    const response = await login({ email: 'ada@example.test', password: 'correct horse' });
    expect(response.status).toBe(200);
    expect(response.body.user.email).toBe('ada@example.test');
  });

  it('gives the same 401 for a wrong password and an unknown e-mail', async () => {
    const wrong = await login({ email: 'ada@example.test', password: 'wrong horse' });
    const unknown = await login({ email: 'nobody@example.test', password: 'wrong horse' });
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
    const counted = userService(counting).app;
    expect((await login({ email: 'ada@example.test', password: 'wrong horse' }, counted)).status).toBe(401);
    expect(verified).toHaveLength(1);
    expect((await login({ email: 'nobody-at-all@example.test', password: 'wrong horse' }, counted)).status).toBe(401);
    expect(verified).toHaveLength(2);
    // The unknown e-mail was checked against a real argon2id hash (same cost), not skipped.
    expect(verified[1]).toMatch(/^\$argon2id\$/);
    expect(verified[1]).not.toBe(verified[0]);
  });
});

describe('profiles', () => {
  it('returns the profile of the customer the caller acts for, to the gateway and to order', async () => {
    const created = await signup({ email: 'alan@example.test', password: 'correct horse', name: 'Alan' });
    const id = created.body.user.id as string;
    for (const from of ['gateway', 'order'] as const) {
      const found = await profile(id, id, from);
      expect(found.status, from).toBe(200);
      expect(found.body).toEqual(created.body.user);
    }
  });

  it('answers 404 for a customer with no account and 400 for an id that is not one', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await profile(unknown, unknown)).status).toBe(404);
    expect((await profile('1 OR 1=1', unknown)).status).toBe(400);
  });
});

describe('the public key of login tokens', () => {
  it('serves the signing key\'s public half as a JWKS, cacheable, without a token', async () => {
    const response = await request(app).get('/.well-known/jwks.json');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(response.body.keys).toHaveLength(1);
    expect(response.body.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: 'user', alg: 'EdDSA', use: 'sig' });
    expect(response.body.keys[0]).not.toHaveProperty('d');
  });

  it('issues login tokens that verify with that JWKS only: EdDSA, kid user, typ JWT, our issuer, the API as audience', async () => {
    const jwks = (await request(app).get('/.well-known/jwks.json')).body as JSONWebKeySet;
    const issued = await login({ email: 'ada@example.test', password: 'correct horse' });
    expect(issued.status).toBe(200);
    expect(decodeProtectedHeader(issued.body.token)).toEqual({ alg: 'EdDSA', kid: 'user', typ: 'JWT' });
    const { payload } = await jwtVerify(issued.body.token, createLocalJWKSet(jwks), { typ: 'JWT', issuer: 'shopfast-user', audience: 'shopfast-api', algorithms: ['EdDSA'] });
    expect(payload.sub).toBe(issued.body.user.id);
    // The same token does not verify with another key published under the same name.
    const stranger = generateServiceKeys(['user'] as const).user.trusted;
    await expect(jwtVerify(issued.body.token, createLocalJWKSet(stranger), { issuer: 'shopfast-user', audience: 'shopfast-api' })).rejects.toThrow();
  });
});

describe('who may call', () => {
  const newcomer = () => ({ email: `newcomer-${Math.random().toString(36).slice(2)}@example.test`, password: 'correct horse', name: 'New' });

  it('answers 401 to a sign-up without a service token and creates no account', async () => {
    const before = await userCount();
    const body = newcomer();
    const response = await request(app).post('/signup').send(body);
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthorized');
    expect(await userCount()).toBe(before);
    expect((await pool.query('SELECT 1 FROM users WHERE email = $1', [body.email])).rowCount).toBe(0);
  });

  it('answers 401 to forged x-user-id / x-admin headers without a token, on every route', async () => {
    const before = await userCount();
    const forged = { 'x-user-id': '00000000-0000-4000-8000-000000000000', 'x-admin': 'true' };
    expect((await request(app).post('/signup').set(forged).send(newcomer())).status).toBe(401);
    expect((await request(app).post('/login').set(forged).send({ email: 'ada@example.test', password: 'correct horse' })).status).toBe(401);
    const created = await signup(newcomer());
    const read = await request(app).get(`/users/${created.body.user.id}`).set({ ...forged, 'x-user-id': created.body.user.id });
    expect(read.status).toBe(401);
    expect(read.body).not.toHaveProperty('email');
    expect(await userCount()).toBe(before + 1);
  });

  it('answers 403 to a service other than the gateway on sign-up and login, so the login throttle cannot be bypassed', async () => {
    const before = await userCount();
    const asOrder = await callerHeaders('order', 'user');
    const refused = await request(app).post('/login').set(asOrder).send({ email: 'ada@example.test', password: 'correct horse' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect(refused.body).not.toHaveProperty('token');
    expect((await request(app).post('/signup').set(asOrder).send(newcomer())).status).toBe(403);
    expect(await userCount()).toBe(before);
  });

  it('answers 401 to a token meant for another service', async () => {
    const forCart = await callerHeaders('gateway', 'cart');
    expect((await request(app).post('/login').set(forCart).send({ email: 'ada@example.test', password: 'correct horse' })).status).toBe(401);
  });

  it('answers 403 to a read of another customer\'s profile, and to a profile read for no customer or by another service', async () => {
    const mallory = await signup(newcomer());
    const victim = await signup(newcomer());
    const other = await profile(victim.body.user.id, mallory.body.user.id);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('forbidden');
    expect(other.body).not.toHaveProperty('email');
    const noCustomer = await request(app).get(`/users/${victim.body.user.id}`).set(await callerHeaders('gateway', 'user'));
    expect(noCustomer.status).toBe(403);
    const fromCart = await request(app).get(`/users/${victim.body.user.id}`).set(await callerHeaders('cart', 'user', { userId: victim.body.user.id }));
    expect(fromCart.status).toBe(403);
  });
});
