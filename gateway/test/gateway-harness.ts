// Test helpers for the gateway's integration tests: a real local HTTP server standing in for the
// services (it verifies the gateway's service token as a real service would), the gateway wired by
// main.ts's wireGateway to it and to the real Redis, its metrics read back from the local DogStatsD
// listener, and customer tokens signed like the user service signs them. Not part of the build
// (tsconfig includes src/ only).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import pino from 'pino';
import { bearerToken, generateServiceKeys, type Caller } from '@shopfast/service-kit';
import type { RedisClient } from '@shopfast/stores';
import { listenedMetrics, testCallers, testCredentials } from '@shopfast/test-kit';
import type { LimitSettings } from '../src/app';
import { SERVICE_NAMES, type ServiceName } from '../src/config';
import { wireGateway, type GatewaySettings } from '../src/wire';

export const logger = pino({ level: 'silent' });

/** The metrics of every gateway a test file builds (each test file is its own module instance). */
export const listened = listenedMetrics('gateway');
export const { metrics } = listened;

export const JWT_ISSUER = 'shopfast-user';
/** `aud` of customer tokens, written out here so a change to either side's constant fails the tests. */
export const CUSTOMER_AUDIENCE = 'shopfast-api';
/** Generated for this run, as long as a real one: no test depends on a value anyone could copy. */
export const ADMIN_TOKEN = randomBytes(32).toString('base64url');
export const STOREFRONT = 'http://localhost:8080';

/**
 * The public keys the gateway under test trusts (its runtime.keys.trusted), generated for this run. We
 * hold the private halves: `user` signs customer tokens as the user service does; `order` is another
 * trusted app, whose key must not be able to mint a customer.
 */
export const trustedKeys = generateServiceKeys(['user', 'order'] as const);

export interface SeenRequest {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Who the gateway's service token says is calling (undefined: no valid token for any stood-in service). */
  caller?: Caller;
  /** The service the token was addressed to (its `aud`), when it verified. */
  audience?: ServiceName;
}

export interface StandIn {
  url: string;
  seen: SeenRequest[];
  /** Status the next answers have (default: 201 for POST, 200 otherwise). */
  status?: number;
  /** Extra headers on the next answers. */
  headers?: Record<string, string>;
  close(): Promise<void>;
}

/** The token's verified caller and audience, trying each service a stand-in stands for (as that service would verify it). */
async function verifyServiceToken(verifiers: Array<[ServiceName, ReturnType<typeof testCallers>]>, authorization: string | undefined) {
  const token = bearerToken(authorization);
  for (const [service, verifier] of verifiers) {
    const outcome = await verifier.verify(token);
    if (outcome.result === 'ok') return { caller: outcome.caller, audience: service };
  }
  return {};
}

/**
 * A stand-in service: a real HTTP server that records what the gateway sends it and echoes the URL. It
 * stands for the `services` given (default all) and verifies the gateway's service token as each of them
 * would (testCallers), recording the caller; a request without a valid one gets 401, as a guarded route would.
 */
export async function startStandIn(services: readonly ServiceName[] = SERVICE_NAMES): Promise<StandIn> {
  const verifiers = services.map((service) => [service, testCallers(service)] as [ServiceName, ReturnType<typeof testCallers>]);
  const seen: SeenRequest[] = [];
  const standIn: Partial<StandIn> = { seen };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      const verified = await verifyServiceToken(verifiers, req.headers.authorization);
      seen.push({ method: req.method, url: req.url, headers: req.headers, body, ...verified });
      if (req.url?.startsWith('/readyz')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ready"}');
        return;
      }
      if (!verified.caller) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":"unauthorized","message":"A service token is required"}}');
        return;
      }
      const status = standIn.status ?? (req.method === 'POST' ? 201 : 200);
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'max-age=5', 'set-cookie': 'leak=1', ...standIn.headers });
      res.end(JSON.stringify({ echoed: req.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standIn.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return standIn as StandIn;
}

export const generousLimits = (keyPrefix: string): LimitSettings => ({
  keyPrefix,
  points: 10_000,
  windowSeconds: 60,
  loginPoints: 10_000,
  loginWindowSeconds: 60,
  loginFailures: 10_000,
  loginFailureWindowSeconds: 60,
  rumPoints: 10_000,
  rumWindowSeconds: 60,
  webhookPoints: 10_000,
  webhookWindowSeconds: 60,
});

export interface GatewayOptions {
  urls?: Partial<Record<ServiceName, string>>;
  redis: RedisClient;
  limits: LimitSettings;
  /** TRUST_PROXY; default loopback like the config (supertest calls from 127.0.0.1). */
  trustProxy?: string[];
  /** RUM_INTAKE_SITE; unset: the intake records locally. */
  rumIntakeSite?: string;
}

/**
 * The gateway as main.ts wires it (wireGateway), its jobs not started. Services without a URL point at a
 * port nothing listens on. Every client signs as the gateway with the test keys the stand-ins verify
 * against; the active-users gauge runs every second once started.
 */
export function gatewayService({ urls = {}, redis, limits, trustProxy = ['loopback'], rumIntakeSite }: GatewayOptions) {
  const serviceUrls = Object.fromEntries(SERVICE_NAMES.map((name) => [`${name.toUpperCase()}_SERVICE_URL`, urls[name] ?? 'http://127.0.0.1:9'])) as Pick<
    GatewaySettings,
    `${Uppercase<ServiceName>}_SERVICE_URL`
  >;
  const config: GatewaySettings = {
    ...serviceUrls,
    DD_VERSION: 'test',
    UPSTREAM_TIMEOUT_MS: 500,
    CHECKOUT_TIMEOUT_MS: 2_000,
    BODY_LIMIT: '100kb',
    JWT_ISSUER,
    RATE_LIMIT_KEY_PREFIX: limits.keyPrefix,
    RATE_LIMIT_POINTS: limits.points,
    RATE_LIMIT_WINDOW_SECONDS: limits.windowSeconds,
    LOGIN_RATE_LIMIT_POINTS: limits.loginPoints,
    LOGIN_RATE_LIMIT_WINDOW_SECONDS: limits.loginWindowSeconds,
    LOGIN_FAILURE_LIMIT: limits.loginFailures,
    LOGIN_FAILURE_WINDOW_SECONDS: limits.loginFailureWindowSeconds,
    RUM_RATE_LIMIT_POINTS: limits.rumPoints,
    RUM_RATE_LIMIT_WINDOW_SECONDS: limits.rumWindowSeconds,
    WEBHOOK_RATE_LIMIT_POINTS: limits.webhookPoints,
    WEBHOOK_RATE_LIMIT_WINDOW_SECONDS: limits.webhookWindowSeconds,
    TRUST_PROXY: trustProxy,
    CORS_ORIGINS: [STOREFRONT, 'http://localhost:5173'],
    ACTIVE_USERS_INTERVAL_MS: 1_000,
    RUM_INTAKE_SITE: rumIntakeSite,
    // No fault switched on: a state file that does not exist reads as "every fault off".
    FLAGS_FILE: join(tmpdir(), `shopfast-gateway-test-${process.pid}`, 'shopfast.flagd.json'),
  };
  return wireGateway({ config, logger, metrics, credentials: testCredentials('gateway'), trustedKeys: trustedKeys.user.trusted, adminToken: ADMIN_TOKEN, redis, peerCalls: { retries: 1 } });
}

/** The gateway's app, as main.ts wires it. */
export const buildGateway = (options: GatewayOptions) => gatewayService(options).app;

export interface CustomerTokenOptions {
  sub?: string;
  issuer?: string;
  /** `aud`; null: none. */
  audience?: string | null;
  /** `exp` in seconds; null: none. Default: in ten minutes. */
  expiresAt?: number | null;
  typ?: string;
  kid?: string;
  /** Whose private key signs: the user service's (default), another trusted app's, or a key nobody trusts. */
  signer?: 'user' | 'order' | 'stranger';
}

const strangerKey = generateServiceKeys(['user'] as const).user.privateKey;

/** A customer token as the user service issues it (EdDSA, kid user, typ JWT); every part can be changed to forge a bad one. */
export async function signToken(options: CustomerTokenOptions = {}) {
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', kid: options.kid ?? 'user', typ: options.typ ?? 'JWT' })
    .setIssuedAt()
    .setIssuer(options.issuer ?? JWT_ISSUER);
  if (options.audience !== null) jwt.setAudience(options.audience ?? CUSTOMER_AUDIENCE);
  if (options.sub !== undefined) jwt.setSubject(options.sub);
  if (options.expiresAt !== null) jwt.setExpirationTime(options.expiresAt ?? Math.floor(Date.now() / 1000) + 600);
  const signer = options.signer ?? 'user';
  return jwt.sign(signer === 'stranger' ? strangerKey : trustedKeys[signer].privateKey);
}

/** An HS256 token as the user service issued them before: valid claims, signed with a shared secret. */
export async function signHs256Token(sub: string, secret: string | Uint8Array) {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(JWT_ISSUER)
    .setAudience(CUSTOMER_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(typeof secret === 'string' ? new TextEncoder().encode(secret) : secret);
}

