import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { faultList, faultState } from '@shopfast/contracts';
import { DEFINITIONS_FILE, faultDefinitions, readFlagdDocument, type FlagdDocument } from '@shopfast/feature-flags';
import { createServiceClient } from '@shopfast/service-kit';
import { createRedis } from '@shopfast/stores';
import { storeUrls } from '@shopfast/test-kit';
import { ADMIN_TOKEN, generousLimits, JWT_ISSUER, logger, metrics, trustedKeys } from '../test/gateway-harness';
import { createApp } from './app';
import { SERVICE_NAMES } from './config';
import type { ServiceClients } from './routes/api.routes';

const redis = createRedis(storeUrls.redis(6), 'gateway-faults-test');
const clients = Object.fromEntries(SERVICE_NAMES.map((name) => [name, createServiceClient({ name, baseUrl: 'http://127.0.0.1:9' })])) as ServiceClients;
const catalogue = faultDefinitions(readFlagdDocument(DEFINITIONS_FILE));
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

let folder: string;
let flagsFile: string;

/** The gateway's app (no service is called by these routes) with its fault state file at `file`. */
function gateway(file = flagsFile) {
  return createApp({
    clients,
    logger,
    metrics,
    readiness: {},
    version: 'test',
    bodyLimit: '100kb',
    redis,
    tokens: { trusted: trustedKeys.user.trusted, issuer: JWT_ISSUER },
    adminToken: ADMIN_TOKEN,
    limits: generousLimits('test-faults'),
    corsOrigins: [],
    checkoutTimeoutMs: 1_000,
    flagsFile: file,
  });
}

const stateFile = async (): Promise<FlagdDocument> => JSON.parse(await readFile(flagsFile, 'utf8')) as FlagdDocument;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'gateway-faults-'));
});

beforeEach(async () => {
  flagsFile = join(folder, `flags-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
  await redis.quit();
  await metrics.close();
});

describe('GET /api/admin/faults', () => {
  it('lists every fault of the catalogue, all off, when no state file has been written yet', async () => {
    const response = await request(gateway()).get('/api/admin/faults').set(admin);
    expect(response.status).toBe(200);
    expect(faultList.parse(response.body)).toEqual(response.body);
    expect(response.body.faults.map((fault: { key: string }) => fault.key)).toEqual(catalogue.map((definition) => definition.key));
    const payment = response.body.faults.find((fault: { key: string }) => fault.key === 'paymentFailure');
    expect(payment).toMatchObject({ value: 0, default: 0, type: 'number', min: 0, max: 1, unit: 'ratio', service: 'payment', active: false });
    expect(payment.monitor).not.toBe('');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('answers 401 without the admin token or with a wrong one', async () => {
    const app = gateway();
    for (const pending of [
      request(app).get('/api/admin/faults'),
      request(app).get('/api/admin/faults').set('authorization', 'Bearer not-the-admin-token'),
      request(app).put('/api/admin/faults/paymentFailure').send({ value: 0.5 }),
      request(app).delete('/api/admin/faults/paymentFailure'),
      request(app).delete('/api/admin/faults'),
    ]) {
      const response = await pending;
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('unauthorized');
    }
    await expect(readFile(flagsFile)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('PUT /api/admin/faults/:key', () => {
  it('switches a fault on in the state file the services read, and lists it with its value', async () => {
    const app = gateway();
    const response = await request(app).put('/api/admin/faults/paymentFailure').set(admin).send({ value: 0.25 });
    expect(response.status).toBe(200);
    expect(faultState.parse(response.body)).toMatchObject({ key: 'paymentFailure', value: 0.25, default: 0, active: true });

    const state = await stateFile();
    expect(state.flags.paymentFailure).toMatchObject({ defaultVariant: 'on', variants: { off: 0, on: 0.25 } });
    // Every other fault stays as the catalogue ships it.
    expect(state.flags.bankTimeout).toMatchObject({ defaultVariant: 'off' });
    expect(Object.keys(state.flags)).toEqual(catalogue.map((definition) => definition.key));

    const listed = await request(app).get('/api/admin/faults').set(admin);
    expect(listed.body.faults.find((fault: { key: string }) => fault.key === 'paymentFailure')).toMatchObject({ value: 0.25, active: true });
  });

  it('switches a boolean fault on, and reads "true" typed in a shell as true', async () => {
    const response = await request(gateway()).put('/api/admin/faults/bankTimeout').set(admin).send({ value: 'true' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ key: 'bankTimeout', value: true, active: true });
    expect((await stateFile()).flags.bankTimeout).toMatchObject({ defaultVariant: 'on', variants: { on: true } });
  });

  it('answers 400 invalid_fault_value naming the allowed range, and changes nothing', async () => {
    const app = gateway();
    await request(app).put('/api/admin/faults/paymentLatency').set(admin).send({ value: 500 }).expect(200);
    const before = await readFile(flagsFile, 'utf8');
    const cases: Array<[string, unknown, string]> = [
      ['paymentFailure', 1.5, 'paymentFailure takes a number from 0 to 1 (ratio)'],
      ['paymentFailure', true, 'paymentFailure takes a number from 0 to 1 (ratio)'],
      ['paymentLatency', -1, 'paymentLatency takes a number from 0 to 10000 (ms)'],
      ['paymentLatency', 'soon', 'paymentLatency takes a number from 0 to 10000 (ms)'],
      ['bankTimeout', 1, 'bankTimeout takes true or false'],
    ];
    for (const [key, value, message] of cases) {
      const response = await request(app).put(`/api/admin/faults/${key}`).set(admin).send({ value });
      expect(response.status, `${key}=${JSON.stringify(value)}`).toBe(400);
      expect(response.body.error.code).toBe('invalid_fault_value');
      expect(response.body.error.message).toBe(message);
    }
    expect(await readFile(flagsFile, 'utf8')).toBe(before);
  });

  it('names the range for a missing, null or mistyped value too, and refuses unknown fields', async () => {
    const app = gateway();
    for (const body of [{}, { value: null }, { value: [1] }, { value: { n: 1 } }]) {
      const response = await request(app).put('/api/admin/faults/paymentFailure').set(admin).send(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('invalid_fault_value');
      expect(response.body.error.message).toBe('paymentFailure takes a number from 0 to 1 (ratio)');
    }
    const extra = await request(app).put('/api/admin/faults/paymentFailure').set(admin).send({ value: 0.5, extra: 1 });
    expect(extra.status).toBe(400);
    expect(extra.body.error.code).toBe('validation_failed');
  });

  it('answers 404 unknown_fault for a key the catalogue does not have', async () => {
    const response = await request(gateway()).put('/api/admin/faults/noSuchFault').set(admin).send({ value: 1 });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('unknown_fault');
    expect(response.body.error.message).toContain('paymentFailure');
    expect((await request(gateway()).delete('/api/admin/faults/noSuchFault').set(admin)).status).toBe(404);
  });

  it('keeps every one of several changes sent at the same time', async () => {
    const app = gateway();
    const changes: Array<[string, number | boolean]> = [
      ['paymentLatency', 1_000],
      ['paymentFailure', 0.1],
      ['bankTimeout', true],
      ['searchSlow', catalogue.find((definition) => definition.key === 'searchSlow')!.on as number],
      ['cacheOutage', true],
    ];
    const answers = await Promise.all(changes.map(([key, value]) => request(app).put(`/api/admin/faults/${key}`).set(admin).send({ value })));
    expect(answers.map((answer) => answer.status)).toEqual(changes.map(() => 200));
    const state = await stateFile();
    for (const [key, value] of changes) expect(state.flags[key], key).toMatchObject({ defaultVariant: 'on', variants: { on: value } });
  });

  it('switches a fault off when set to its default value', async () => {
    const app = gateway();
    await request(app).put('/api/admin/faults/paymentFailure').set(admin).send({ value: 0.5 }).expect(200);
    const response = await request(app).put('/api/admin/faults/paymentFailure').set(admin).send({ value: 0 });
    expect(response.body).toMatchObject({ value: 0, active: false });
    expect((await stateFile()).flags.paymentFailure).toMatchObject({ defaultVariant: 'off' });
  });

  it('answers 503 with what to check when the state file\'s folder cannot be written', async () => {
    const missing = join(folder, 'no-such-folder', 'flags.json');
    const response = await request(gateway(missing)).put('/api/admin/faults/paymentFailure').set(admin).send({ value: 0.5 });
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('flags_file_not_writable');
    expect(response.body.error.message).toContain(join(folder, 'no-such-folder'));
    expect(response.body.error.message).toContain('not writable');
  });
});

describe('DELETE /api/admin/faults', () => {
  it('switches one fault off and keeps the others on', async () => {
    const app = gateway();
    await request(app).put('/api/admin/faults/paymentFailure').set(admin).send({ value: 0.5 }).expect(200);
    await request(app).put('/api/admin/faults/bankTimeout').set(admin).send({ value: true }).expect(200);
    const response = await request(app).delete('/api/admin/faults/paymentFailure').set(admin);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ key: 'paymentFailure', value: 0, active: false });
    const state = await stateFile();
    expect(state.flags.paymentFailure).toMatchObject({ defaultVariant: 'off' });
    expect(state.flags.bankTimeout).toMatchObject({ defaultVariant: 'on' });
  });

  it('switches every fault off, even over a state file that is not JSON', async () => {
    const app = gateway();
    await request(app).put('/api/admin/faults/bankTimeout').set(admin).send({ value: true }).expect(200);
    await writeFile(flagsFile, '{ broken');
    expect((await request(app).get('/api/admin/faults').set(admin)).body.error.code).toBe('flags_file_unreadable');
    const response = await request(app).delete('/api/admin/faults').set(admin);
    expect(response.status).toBe(200);
    expect(response.body.faults.every((fault: { active: boolean }) => !fault.active)).toBe(true);
    expect(await stateFile()).toEqual(readFlagdDocument(DEFINITIONS_FILE));
  });
});

describe('GET /api/flags', () => {
  it("answers the storefront's flags only, with their values now, to anyone and never cached", async () => {
    const app = gateway();
    const off = await request(app).get('/api/flags');
    expect(off.status).toBe(200);
    expect(off.headers['cache-control']).toBe('no-store');
    const web = catalogue.filter((definition) => definition.service === 'web');
    expect(Object.keys(off.body.flags).sort()).toEqual(web.map((definition) => definition.key).sort());
    expect(off.body.flags).toMatchObject({ imageSlowLoad: 0, productPageJsError: false });

    await request(app).put('/api/admin/faults/imageSlowLoad').set(admin).send({ value: 1_500 }).expect(200);
    await request(app).put('/api/admin/faults/paymentFailure').set(admin).send({ value: 0.5 }).expect(200);
    const on = await request(app).get('/api/flags');
    expect(on.body.flags).toMatchObject({ imageSlowLoad: 1_500, productPageJsError: false });
    expect(on.body.flags.paymentFailure).toBeUndefined();
  });
});
