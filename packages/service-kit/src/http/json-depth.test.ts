import { deflateSync, gzipSync, inflateSync } from 'node:zlib';
import express, { Router } from 'express';
import pino from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../telemetry/metrics';
import { createHttpApp } from './create-app';
import { DEFAULT_MAX_JSON_DEPTH, exceedsJsonDepth, jsonDepthVerifier, jsonNestingDepth, rawJsonDepthLimit } from './json-depth';

const nestedArrays = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const nestedObjects = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
/**
 * Sends a Buffer as it is (superagent would otherwise JSON-encode it: {"type":"Buffer",...}). superagent's
 * types say a serializer returns a string; at run time Node's request writes the Buffer unchanged.
 */
const rawBytes = ((body: Buffer) => body) as unknown as (body: unknown) => string;

describe('jsonNestingDepth', () => {
  it('counts objects and arrays, and nothing for scalars', () => {
    expect(jsonNestingDepth('42')).toBe(0);
    expect(jsonNestingDepth('"text"')).toBe(0);
    expect(jsonNestingDepth('{}')).toBe(1);
    expect(jsonNestingDepth('{"a":[1,{"b":[]}],"c":{}}')).toBe(4);
    expect(jsonNestingDepth(nestedObjects(7))).toBe(7);
  });

  it('reads UTF-8 bytes as it reads strings', () => {
    const text = '{"name":"Zoë 😀 [","tags":[["x"]]}';
    expect(jsonNestingDepth(Buffer.from(text, 'utf8'))).toBe(3);
    expect(jsonNestingDepth(text)).toBe(3);
  });

  it('lets a body exactly at the limit through and stops one level above it', () => {
    expect(exceedsJsonDepth(nestedArrays(32), 32)).toBe(false);
    expect(exceedsJsonDepth(nestedArrays(33), 32)).toBe(true);
    expect(exceedsJsonDepth(Buffer.from(nestedObjects(32)), 32)).toBe(false);
    expect(exceedsJsonDepth(Buffer.from(nestedObjects(33)), 32)).toBe(true);
  });

  it('does not count brackets inside strings', () => {
    const inString = JSON.stringify({ note: '[[[[{{{{'.repeat(100) });
    expect(jsonNestingDepth(inString)).toBe(1);
    expect(exceedsJsonDepth(inString, 1)).toBe(false);
  });

  it('does not end a string at an escaped quote, and does end it after an escaped backslash', () => {
    // {"a":"x\"[[[["}: the brackets are still inside the string.
    expect(jsonNestingDepth(String.raw`{"a":"x\"[[[["}`)).toBe(1);
    // {"a":"x\\",[[["b"]]]}... the string ends after \\, so what follows counts.
    expect(jsonNestingDepth(String.raw`{"a":"x\\","b":[[["c"]]]}`)).toBe(4);
    expect(jsonNestingDepth(JSON.stringify({ a: 'quote " and backslash \\ and [', b: [[1]] }))).toBe(3);
  });

  it('treats each line as its own document when asked (newline-delimited JSON)', () => {
    // An unterminated string on line 1 must not hide the brackets of line 2.
    const batch = `{"a":"open\n${nestedArrays(40)}\n`;
    expect(jsonNestingDepth(batch)).toBe(1);
    expect(jsonNestingDepth(batch, { lines: true })).toBe(40);
    expect(jsonNestingDepth(`{"a":[1]}\n{"b":{"c":[2]}}\n`, { lines: true })).toBe(3);
  });

  it('answers 20,000 levels at once, without recursion', () => {
    // A recursive scanner would throw RangeError (call stack) here; no timing is asserted (noisy machines).
    const hostile = Buffer.from(nestedArrays(20_000));
    expect(exceedsJsonDepth(hostile, DEFAULT_MAX_JSON_DEPTH)).toBe(true);
    expect(jsonNestingDepth(hostile)).toBe(20_000);
  });

  it('refuses a limit that is not a whole number of at least 1', () => {
    expect(() => jsonDepthVerifier(0)).toThrow(/maxJsonDepth/);
    expect(() => jsonDepthVerifier(2.5)).toThrow(/maxJsonDepth/);
    expect(() => createHttpApp({ logger, metrics, readiness: {}, routes: Router(), maxJsonDepth: Number.NaN })).toThrow(/maxJsonDepth/);
  });
});

const logger = pino({ level: 'silent' });
const metrics = createMetrics({ host: '127.0.0.1', port: 9, logger, mock: true });
const echo = Router().post('/echo', (req, res) => {
  res.status(201).json(req.body);
});

describe('createHttpApp JSON depth limit', () => {
  const app = createHttpApp({ logger, metrics, readiness: {}, routes: echo, bodyLimit: '1mb', maxJsonDepth: 4 });

  it('answers a body nested deeper than the limit with 400 json_too_deep in the error shape', async () => {
    const response = await request(app).post('/echo').set('content-type', 'application/json').send(nestedArrays(5));
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: { code: 'json_too_deep', message: 'The request body nests objects or arrays more than 4 levels deep', details: { maxDepth: 4 } },
    });
  });

  it('still handles a normal body, and one exactly at the limit', async () => {
    const normal = await request(app).post('/echo').send({ name: 'Ada', address: { city: 'London' } });
    expect(normal.status).toBe(201);
    expect(normal.body).toEqual({ name: 'Ada', address: { city: 'London' } });
    const atLimit = await request(app).post('/echo').set('content-type', 'application/json').send(nestedArrays(4));
    expect(atLimit.status).toBe(201);
  });

  it('answers 20,000 levels with 400, using the default limit of 32', async () => {
    const defaults = createHttpApp({ logger, metrics, readiness: {}, routes: echo, bodyLimit: '1mb' });
    const response = await request(defaults).post('/echo').set('content-type', 'application/json').send(`{"a":${nestedArrays(20_000)}}`);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'json_too_deep', details: { maxDepth: DEFAULT_MAX_JSON_DEPTH } });
    const after = await request(defaults).get('/healthz');
    expect(after.status).toBe(200);
  });

  it('answers 400 invalid_encoding, not 500, for a body that claims deflate but is not', async () => {
    const response = await request(app).post('/echo').set('content-type', 'application/json').set('content-encoding', 'deflate').send('not deflate at all');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_encoding');
  });

  it('checks the inflated body of a gzip or deflate request', async () => {
    const deflated = deflateSync(nestedArrays(50));
    const response = await request(app)
      .post('/echo')
      .set('content-type', 'application/json')
      .set('content-encoding', 'deflate')
      .serialize(rawBytes)
      .send(deflated);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('json_too_deep');
    const shallow = await request(app)
      .post('/echo')
      .set('content-type', 'application/json')
      .set('content-encoding', 'gzip')
      .serialize(rawBytes)
      .send(gzipSync('{"a":[1]}'));
    expect(shallow.status).toBe(201);
    expect(shallow.body).toEqual({ a: [1] });
  });

  it('keeps brackets inside strings out of the count', async () => {
    const response = await request(app).post('/echo').send({ note: '[[[[[[[[{{{{{{{{ "quoted" \\' });
    expect(response.status).toBe(201);
  });

  it('answers a JSON body in a charset other than UTF-8 with 415', async () => {
    const response = await request(app)
      .post('/echo')
      .set('content-type', 'application/json; charset=utf-16le')
      .serialize(rawBytes)
      .send(Buffer.from(nestedArrays(50), 'utf16le'));
    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe('unsupported_charset');
  });

  it('keeps 413 for a body over the size limit and 400 invalid_json for malformed JSON', async () => {
    const small = createHttpApp({ logger, metrics, readiness: {}, routes: echo, bodyLimit: '1kb' });
    const tooLarge = await request(small).post('/echo').set('content-type', 'application/json').send(nestedArrays(2_000));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.code).toBe('payload_too_large');
    const malformed = await request(small).post('/echo').set('content-type', 'application/json').send('{"a": [1, }');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_json');
  });
});

describe('rawJsonDepthLimit', () => {
  const inflateIfCompressed = (body: Buffer) => (body[0] === 0x7b ? body : inflateSync(body));

  function intakeApp() {
    const seen: unknown[] = [];
    const routes = Router();
    routes.post('/intake', rawJsonDepthLimit({ limit: '64kb', maxDepth: 4, lines: true, decode: inflateIfCompressed }));
    // The route's own raw parser, as the browser intake has: it must find the body already read.
    routes.post('/intake', express.raw({ type: () => true, limit: '64kb' }), (req, res) => {
      seen.push(req.body);
      res.status(202).json({ bytes: (req.body as Buffer).length });
    });
    return { app: createHttpApp({ logger, metrics, readiness: {}, routes, maxJsonDepth: 4 }), seen };
  }

  it('passes a normal newline-delimited batch on with its raw bytes', async () => {
    const { app, seen } = intakeApp();
    const batch = '{"type":"view","view":{"url":"/"}}\n{"type":"action","action":{"target":{"name":"Buy"}}}\n';
    const response = await request(app).post('/intake').set('content-type', 'text/plain').send(batch);
    expect(response.status).toBe(202);
    expect(Buffer.isBuffer(seen[0])).toBe(true);
    expect((seen[0] as Buffer).toString()).toBe(batch);
  });

  it('answers a too-deep line with 400 json_too_deep, plain or compressed, before the route runs', async () => {
    const { app, seen } = intakeApp();
    const batch = `{"type":"view"}\n{"type":"view","x":${nestedArrays(20_000)}}\n`;
    const plain = await request(app).post('/intake').set('content-type', 'text/plain').send(batch);
    expect(plain.status).toBe(400);
    expect(plain.body.error).toMatchObject({ code: 'json_too_deep', details: { maxDepth: 4 } });
    const compressed = await request(app).post('/intake').set('content-type', 'text/plain').send(deflateSync(batch));
    expect(compressed.status).toBe(400);
    expect(seen).toEqual([]);
  });

  it('answers a body over its limit with 413 payload_too_large', async () => {
    const { app } = intakeApp();
    const response = await request(app).post('/intake').set('content-type', 'text/plain').send('x'.repeat(70_000));
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
  });
});
