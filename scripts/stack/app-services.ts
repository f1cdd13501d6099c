// The application services of the local stack, as data: name, folder, port, what each starts after,
// and its environment.
//
// This is the single definition of how each service is configured locally. The docker
// compose file mirrors it (there, hosts are compose service names instead of 127.0.0.1), and a
// test compares the two: build the compose side with `buildAppServices({ hosts: … })`.
//
// Ports come from @shopfast/stack-ports, each movable by one variable, and every URL below is built
// from them: SHOPFAST_PG_PORT moves every DATABASE_URL, SHOPFAST_ORDER_PORT moves order and the
// ORDER_SERVICE_URL its callers get. On top of that, any variable SHOPFAST_<SERVICE>_<VAR> in the
// caller's environment sets <VAR> for that one service (see `launchEnv`), e.g.
// SHOPFAST_PRODUCT_LOG_LEVEL=debug, SHOPFAST_ORDER_DD_TRACE_SAMPLE_RATE=0.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { port, portRegistry } from './lib/ports';
import { repoRoot } from './lib/paths';
import { flagsDir as localFlagsDir, FLAGS_FILE_NAME } from './lib/flags';
import { secretsDir as localSecretsDir } from './lib/secrets';

export const serviceNames = [
  'user',
  'product',
  'cart',
  'order',
  'payment',
  'inventory',
  'shipping',
  'notification',
  'incident',
] as const;
export type ServiceName = (typeof serviceNames)[number];
export type AppName = ServiceName | 'gateway';

export interface AppService {
  /** Also its DD_SERVICE and the name of its log and PID files. */
  name: AppName;
  /** Workspace folder, relative to the repository root. */
  dir: string;
  port: number;
  /** Stack components it starts after (see components/component.ts): stores, telemetry sinks, peers. */
  after: string[];
  env: Record<string, string>;
}

const appNames: readonly AppName[] = [...serviceNames, 'gateway'];
export type AppPorts = Record<AppName, number>;

/** Default ports (5101-5109, gateway 5001), also the container ports in compose. */
export const servicePorts: AppPorts = Object.fromEntries(
  appNames.map((name) => [name, portRegistry[name].default]),
) as AppPorts;

/** App ports as configured by the environment (SHOPFAST_<SERVICE>_PORT, SHOPFAST_GATEWAY_PORT). */
export function localAppPorts(env: NodeJS.ProcessEnv = process.env): AppPorts {
  return Object.fromEntries(appNames.map((name) => [name, port(name, env)])) as AppPorts;
}

/** Where each dependency is reachable. Locally everything is 127.0.0.1. */
export interface Hosts {
  postgres: string;
  redis: string;
  mongo: string;
  elasticsearch: string;
  /** Datadog agent: the test agent locally, the real agent in compose. */
  agent: string;
  smtp: string;
  /**
   * The PagerDuty and Slack stand-in (packages/alert-sink), which the local stack points the incident
   * service at. Absent (compose, the Helm chart): the channels are left empty, i.e. not configured, for the
   * deployment to fill in (.env, chart values).
   */
  alertSink?: string;
  service: (name: AppName) => string;
  /** The interface every app listens on: loopback on a workstation, every interface in a container. */
  bind: string;
}

export interface BackingPorts {
  postgres: number;
  redis: number;
  mongo: number;
  elasticsearch: number;
  traceAgent: number;
  dogstatsd: number;
  smtp: number;
  /** The alert sink's port; absent where there is no alert sink (see Hosts.alertSink). */
  alertSink?: number;
}

const localHost = '127.0.0.1';
export const localHosts: Hosts = {
  postgres: localHost,
  redis: localHost,
  mongo: localHost,
  elasticsearch: localHost,
  agent: localHost,
  smtp: localHost,
  alertSink: localHost,
  service: () => localHost,
  // Nothing on the network can reach a service of the local stack; the edge and the gateway are on loopback too.
  bind: localHost,
};

/** Backing ports as configured by the environment (defaults 5432, 6379, 27017, 9200, 8126, 8125). */
export function localBackingPorts(env: NodeJS.ProcessEnv = process.env): BackingPorts {
  return {
    postgres: port('postgres', env),
    redis: port('redis', env),
    mongo: port('mongo', env),
    elasticsearch: port('elasticsearch', env),
    traceAgent: port('testAgent', env),
    dogstatsd: port('dogstatsd', env),
    smtp: port('smtp', env),
    alertSink: port('alertSink', env),
  };
}

export function rootVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/**
 * `ports` given: nothing is read from the environment, and app ports not in `ports.apps` are the
 * defaults (the compose side). Otherwise every port comes from `env` (default: this process's).
 */
export function buildAppServices(
  options: {
    hosts?: Hosts;
    ports?: BackingPorts & { apps?: AppPorts };
    env?: NodeJS.ProcessEnv;
    version?: string;
    secretsDir?: string;
    flagsDir?: string;
  } = {},
): AppService[] {
  const hosts = options.hosts ?? localHosts;
  // Generated secrets (infra/secrets/generate-secrets.mjs): .stack/secrets locally, a volume in compose.
  const secretsDir = options.secretsDir ?? localSecretsDir;
  // The fault flags' runtime state (docs/faults.md): .stack/flags locally, the `flags` volume in compose.
  const flagsDir = options.flagsDir ?? localFlagsDir;
  const ports = options.ports ?? localBackingPorts(options.env);
  const appPorts = options.ports ? (options.ports.apps ?? servicePorts) : localAppPorts(options.env);
  const version = options.version ?? rootVersion();

  const databaseUrl = (db: string) => `postgres://postgres@${hosts.postgres}:${ports.postgres}/${db}`;
  const mongoUrl = (db: string) => `mongodb://${hosts.mongo}:${ports.mongo}/${db}`;
  const redisUrl = `redis://${hosts.redis}:${ports.redis}/0`;
  const elasticsearchUrl = `http://${hosts.elasticsearch}:${ports.elasticsearch}`;
  // The incident service's channels: the alert sink where there is one. The sink accepts any 32-character
  // routing key, as PagerDuty's format is: one derived from the secrets folder is stable for a clone and
  // names no real PagerDuty service. Elsewhere every channel is empty (not configured: actions skipped).
  const alertSinkUrl = hosts.alertSink !== undefined && ports.alertSink !== undefined ? `http://${hosts.alertSink}:${ports.alertSink}` : undefined;
  const incidentChannels: Record<string, string> = alertSinkUrl
    ? {
        PAGERDUTY_EVENTS_URL: `${alertSinkUrl}/v2/enqueue`,
        PAGERDUTY_ROUTING_KEY: createHash('sha256').update(`alert-sink:${secretsDir}`).digest('hex').slice(0, 32),
        SLACK_WEBHOOK_URL_CRITICAL: `${alertSinkUrl}/slack/critical`,
        SLACK_WEBHOOK_URL_PERFORMANCE: `${alertSinkUrl}/slack/performance`,
        SLACK_WEBHOOK_URL_BUSINESS: `${alertSinkUrl}/slack/business`,
      }
    : { PAGERDUTY_EVENTS_URL: '', PAGERDUTY_ROUTING_KEY: '', SLACK_WEBHOOK_URL_CRITICAL: '', SLACK_WEBHOOK_URL_PERFORMANCE: '', SLACK_WEBHOOK_URL_BUSINESS: '' };
  const serviceUrl = (name: ServiceName) => ({
    [`${name.toUpperCase()}_SERVICE_URL`]: `http://${hosts.service(name)}:${appPorts[name]}`,
  });

  const common = (name: AppName): Record<string, string> => ({
    PORT: String(appPorts[name]),
    HOST: hosts.bind,
    // Service tokens (docs/decisions/010): this app's signing key and every app's public key.
    SERVICE_KEY_FILE: `${secretsDir}/${name}.key.pem`,
    TRUSTED_KEYS_FILE: `${secretsDir}/trusted-keys.json`,
    // Every fault off until the gateway's admin API switches one on (rendered before any app starts).
    FLAGS_FILE: `${flagsDir}/${FLAGS_FILE_NAME}`,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DD_SERVICE: name,
    DD_ENV: 'local',
    DD_VERSION: version,
    DD_AGENT_HOST: hosts.agent,
    DD_TRACE_AGENT_PORT: String(ports.traceAgent),
    DD_DOGSTATSD_PORT: String(ports.dogstatsd),
    DD_TRACE_FLUSH_INTERVAL: '250',
    DD_TRACE_DNS_ENABLED: 'false',
    DD_TRACE_NET_ENABLED: 'false',
    DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false',
    DD_REMOTE_CONFIGURATION_ENABLED: 'false',
    DD_RUNTIME_METRICS_ENABLED: 'true',
    DD_LOGS_INJECTION: 'true',
    DD_TRACE_SPAN_ATTRIBUTE_SCHEMA: 'v1',
    // Application Security (docs/decisions/009): the in-process WAF flags attacks on the request span,
    // and SCA reports each service's libraries (through instrumentation telemetry, so not locally).
    DD_APPSEC_ENABLED: 'true',
    DD_APPSEC_SCA_ENABLED: 'true',
  });

  // Every app sends traces and metrics from its first request: the telemetry sinks come first.
  const telemetrySinks = ['test-agent', 'dogstatsd'];
  const specific: Record<AppName, { after: string[]; env: Record<string, string> }> = {
    user: { after: ['postgres'], env: { DATABASE_URL: databaseUrl('shopfast_user') } },
    product: {
      // Not after inventory, its peer: inventory seeds its stock from product before it reports ready,
      // so it starts after product, and product's stock reconciliation retries until inventory answers.
      after: ['ferretdb', 'elasticsearch', 'redis'],
      env: { MONGODB_URL: mongoUrl('shopfast_catalog'), ELASTICSEARCH_URL: elasticsearchUrl, REDIS_URL: redisUrl, ...serviceUrl('inventory') },
    },
    cart: { after: ['redis', 'product'], env: { REDIS_URL: redisUrl, ...serviceUrl('product') } },
    order: {
      after: ['postgres', 'redis', 'user', 'cart', 'inventory', 'payment', 'shipping'],
      env: {
        DATABASE_URL: databaseUrl('shopfast_order'),
        REDIS_URL: redisUrl,
        ...serviceUrl('user'),
        ...serviceUrl('cart'),
        ...serviceUrl('inventory'),
        ...serviceUrl('payment'),
        ...serviceUrl('shipping'),
      },
    },
    payment: { after: ['postgres'], env: { DATABASE_URL: databaseUrl('shopfast_payment') } },
    inventory: {
      after: ['ferretdb', 'redis', 'product'],
      env: { MONGODB_URL: mongoUrl('shopfast_inventory'), REDIS_URL: redisUrl, ...serviceUrl('product') },
    },
    shipping: { after: ['postgres', 'redis'], env: { DATABASE_URL: databaseUrl('shopfast_shipping'), REDIS_URL: redisUrl } },
    notification: {
      after: ['postgres', 'redis', 'smtp-sink'],
      env: {
        DATABASE_URL: databaseUrl('shopfast_notification'),
        REDIS_URL: redisUrl,
        SMTP_URL: `smtp://${hosts.smtp}:${ports.smtp}`,
      },
    },
    incident: {
      after: ['postgres', ...(alertSinkUrl ? ['alert-sink'] : [])],
      env: {
        DATABASE_URL: databaseUrl('shopfast_incident'),
        WEBHOOK_SECRET_FILE: `${secretsDir}/datadog-webhook-secret`,
        ...incidentChannels,
        // Scaling is opt-in everywhere: a log line and a metric per request.
        SCALER: 'log',
      },
    },
    gateway: {
      // Not after the incident service (nor does compose wait for it): the shop must not wait for it, or
      // stay down when its configuration is refused. Until it is up, the webhook answers 503, which Datadog retries.
      after: ['redis', ...serviceNames.filter((name) => name !== 'incident')],
      env: {
        REDIS_URL: redisUrl,
        ADMIN_TOKEN_FILE: `${secretsDir}/admin-token`,
        // Every local client (browser, curl, the e2e suite) is 127.0.0.1, one rate-limit key for all of them:
        // budgets per IP well above the production defaults (300 requests and 10 logins a minute).
        RATE_LIMIT_POINTS: '2000',
        LOGIN_RATE_LIMIT_POINTS: '100',
        ...Object.assign({}, ...serviceNames.map(serviceUrl)),
      },
    },
  };

  return appNames.map((name) => ({
    name,
    dir: name === 'gateway' ? 'gateway' : `services/${name}`,
    port: appPorts[name],
    after: [...telemetrySinks, ...specific[name].after],
    env: { ...common(name), ...specific[name].env },
  }));
}

/** The nine services, then the gateway, configured for this machine (127.0.0.1). */
export const appServices: AppService[] = buildAppServices();

/**
 * The full environment a service is started with: the caller's environment (PATH, HOME, any
 * DD_* you set yourself), then the service's own variables, then SHOPFAST_<SERVICE>_<VAR>.
 */
export function launchEnv(service: AppService, callerEnv: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const prefix = `SHOPFAST_${service.name.toUpperCase()}_`;
  const overrides: Record<string, string> = {};
  for (const [key, value] of Object.entries(callerEnv)) {
    if (key.startsWith(prefix) && key.length > prefix.length && value !== undefined) {
      overrides[key.slice(prefix.length)] = value;
    }
  }
  return { ...callerEnv, ...service.env, ...overrides };
}
