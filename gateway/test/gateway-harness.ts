// Test helpers for the gateway's integration tests: a real local HTTP server standing in for the
// services, the gateway app wired to it and to the real Redis, and customer tokens signed like the
// user service signs them. Not part of the build (tsconfig includes src/ only).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import pino from 'pino';
import { createMetrics, createServiceClient } from '@shopfast/service-kit';
import type { RedisClient } from '@shopfast/stores';
import { createApp, type LimitSettings } from '../src/app';
import { SERVICE_NAMES, type ServiceName } from '../src/config';
import type { ServiceClients } from '../src/routes/api.routes';
import type { ActiveUsers } from '../src/telemetry/active-users';

export const logger = pino({ level: 'silent' });
export const metrics = createMetrics({ host: '127.0.0.1', port: 9, logger, mock: true });
export const metricLines = () => (metrics.client.mockBuffer ?? []) as string[];

export const JWT_SECRET = 'integration-test-secret-0123456789abcdef';
export const JWT_ISSUER = 'shopfast-user';
export const ADMIN_TOKEN = 'test-admin-token-42';
export const STOREFRONT = 'http://localhost:8080';

export interface SeenRequest {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: string;
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

/** A stand-in service: a real HTTP server that records what the gateway sends it and echoes the URL. */
export async function startStandIn(): Promise<StandIn> {
  const seen: SeenRequest[] = [];
  const standIn: Partial<StandIn> = { seen };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.url?.startsWith('/readyz')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ready"}');
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
});

export interface GatewayOptions {
  urls?: Partial<Record<ServiceName, string>>;
  redis: RedisClient;
  limits: LimitSettings;
  activeUsers?: ActiveUsers;
  /** TRUST_PROXY; default loopback like the config (supertest calls from 127.0.0.1). */
  trustProxy?: string[];
  /** RUM_INTAKE_SITE; unset: the intake records locally. */
  rumIntakeSite?: string;
}

export function buildGateway({ urls = {}, redis, limits, activeUsers, trustProxy, rumIntakeSite }: GatewayOptions) {
  // Services without a URL point at a port nothing listens on.
  const clients = Object.fromEntries(
    SERVICE_NAMES.map((name) => [name, createServiceClient({ name, baseUrl: urls[name] ?? 'http://127.0.0.1:9', timeoutMs: 500, retries: 1 })]),
  ) as ServiceClients;
  return createApp({
    clients,
    logger,
    metrics,
    readiness: {},
    version: 'test',
    bodyLimit: '100kb',
    redis,
    tokens: { secret: JWT_SECRET, issuer: JWT_ISSUER },
    adminToken: ADMIN_TOKEN,
    limits,
    corsOrigins: [STOREFRONT, 'http://localhost:5173'],
    checkoutTimeoutMs: 2_000,
    activeUsers,
    trustProxy,
    rumIntakeSite,
  });
}

/** A customer token as the user service issues it; every part can be changed to forge a bad one. */
export async function signToken(options: { sub?: string; secret?: string; issuer?: string; expiresAt?: number; alg?: 'HS256' | 'HS512' } = {}) {
  const jwt = new SignJWT({}).setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' }).setIssuedAt().setIssuer(options.issuer ?? JWT_ISSUER);
  if (options.sub !== undefined) jwt.setSubject(options.sub);
  jwt.setExpirationTime(options.expiresAt ?? Math.floor(Date.now() / 1000) + 600);
  return jwt.sign(new TextEncoder().encode(options.secret ?? JWT_SECRET));
}
