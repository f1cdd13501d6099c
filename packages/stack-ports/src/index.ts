// The one list of the ports the local stack listens on. scripts/stack starts servers on them and
// builds the services' URLs from them; @shopfast/test-kit and the storefront's browser tests reach
// the stack through them. Each port moves with ONE environment variable, and every URL is derived
// from that port, so `SHOPFAST_GATEWAY_PORT=5999` moves the gateway for all of them at once.
//
// No dependencies, consumed as TypeScript source (like @shopfast/test-kit): the stack runner imports it
// before anything is built, and anything (scripts, test helpers, the web workspace) may import it.

/** Every server of the local stack listens on loopback. */
export const LOCAL_HOST = '127.0.0.1';

export interface PortSetting {
  /** The variable that moves this port (named in "port in use" errors). */
  readonly env: string;
  readonly default: number;
}

/** Default port and the variable that overrides it, for every port of the local stack. */
export const portRegistry = {
  // Backing servers
  postgres: { env: 'SHOPFAST_PG_PORT', default: 5432 },
  redis: { env: 'SHOPFAST_REDIS_PORT', default: 6379 },
  mongo: { env: 'SHOPFAST_MONGO_PORT', default: 27017 },
  elasticsearch: { env: 'SHOPFAST_ES_PORT', default: 9200 },
  testAgent: { env: 'SHOPFAST_TEST_AGENT_PORT', default: 8126 },
  otlpGrpc: { env: 'SHOPFAST_OTLP_GRPC_PORT', default: 4317 },
  otlpHttp: { env: 'SHOPFAST_OTLP_HTTP_PORT', default: 4318 },
  dogstatsd: { env: 'SHOPFAST_DOGSTATSD_PORT', default: 8125 },
  dogstatsdApi: { env: 'SHOPFAST_DOGSTATSD_API_PORT', default: 8129 },
  smtp: { env: 'SHOPFAST_SMTP_PORT', default: 2525 },
  smtpApi: { env: 'SHOPFAST_SMTP_API_PORT', default: 8025 },
  // The alert sink: PagerDuty Events API v2 and Slack webhooks stand-in (packages/alert-sink)
  alertSink: { env: 'SHOPFAST_ALERT_SINK_PORT', default: 8027 },
  // Application services: SHOPFAST_<SERVICE>_PORT, the same name the stack's per-service overrides use
  user: { env: 'SHOPFAST_USER_PORT', default: 5101 },
  product: { env: 'SHOPFAST_PRODUCT_PORT', default: 5102 },
  cart: { env: 'SHOPFAST_CART_PORT', default: 5103 },
  order: { env: 'SHOPFAST_ORDER_PORT', default: 5104 },
  payment: { env: 'SHOPFAST_PAYMENT_PORT', default: 5105 },
  inventory: { env: 'SHOPFAST_INVENTORY_PORT', default: 5106 },
  shipping: { env: 'SHOPFAST_SHIPPING_PORT', default: 5107 },
  notification: { env: 'SHOPFAST_NOTIFICATION_PORT', default: 5108 },
  incident: { env: 'SHOPFAST_INCIDENT_PORT', default: 5109 },
  gateway: { env: 'SHOPFAST_GATEWAY_PORT', default: 5001 },
  // nginx: the storefront and /api in front of the gateway
  edge: { env: 'SHOPFAST_EDGE_PORT', default: 8080 },
} as const satisfies Record<string, PortSetting>;

export type PortName = keyof typeof portRegistry;

/** The environment the ports are read from; `process.env` unless a caller passes its own. */
export type PortEnvironment = Readonly<Record<string, string | undefined>>;

/** A SHOPFAST_*_PORT variable that is not a port number; the message names the variable. */
// Erasable TypeScript only (no parameter properties, no enums): Vite's config loader hands this file to
// Node's own type stripping (web/vite.config.ts reads the dev proxy's ports here).
export class InvalidPortError extends Error {
  readonly variable: string;
  readonly value: string;
  constructor(variable: string, value: string) {
    super(`${variable}=${value} is not a valid port number`);
    this.name = 'InvalidPortError';
    this.variable = variable;
    this.value = value;
  }
}

/**
 * The effective port: its variable when set, else the default. Read on every call, not at import,
 * so a caller that changes or passes the environment gets the port it describes.
 */
export function port(name: PortName, env: PortEnvironment = process.env): number {
  const setting: PortSetting = portRegistry[name];
  const raw = env[setting.env];
  if (raw === undefined || raw === '') return setting.default;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new InvalidPortError(setting.env, raw);
  return value;
}

/** `http://127.0.0.1:<port>` (or another scheme) for one port of the local stack. */
export function localUrl(name: PortName, env: PortEnvironment = process.env, scheme = 'http'): string {
  return `${scheme}://${LOCAL_HOST}:${port(name, env)}`;
}
