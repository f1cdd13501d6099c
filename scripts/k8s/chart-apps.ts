// The chart's app definitions (infra/helm/shopfast/files/apps.json), derived from scripts/stack/app-services.ts,
// the one definition of each app's environment: the chart never hand-copies a key. Each app is built with
// marker host names and directories, so every value can be told apart: a peer URL, a store URL, a secret file,
// the flags file, a per-pod value (host, agent address, unified tags) or a plain constant. The templates turn the
// references into cluster addresses (tests/deploy/helm-parity.test.ts compares the result with compose and with
// each service's config schema).
//
// On top of the local definition, the same deployment differences docker-compose.yml has, each with its reason
// (`deploymentDifferences`): a container deployment reaches a real Datadog agent and a password-protected
// PostgreSQL, where the local stack has a test agent and a trusting one.
import { buildAppServices, type AppName } from '../stack/app-services';

/** The stores the apps reach by URL, named as the chart's `stores.<name>` values. */
export const STORES = ['postgres', 'redis', 'mongo', 'elasticsearch', 'smtp'] as const;
export type StoreName = (typeof STORES)[number];

/** A URL the chart builds: `<base>` of the store (in-chart Service or external URL), then this path. */
export interface StoreRef {
  store: StoreName;
  /** `/shopfast_user`, `/0` or ''. */
  path: string;
}

/**
 * Values that depend on the pod or the release, filled in by templates/apps.yaml: the app's port and bind address,
 * the unified service tags, the agent's address and its ports (datadog.agent.apmPort / dogstatsdPort, the
 * hostPorts the NetworkPolicies open), the flags file, the gateway's trusted proxies.
 */
export const POD_VALUES = ['PORT', 'HOST', 'DD_SERVICE', 'DD_ENV', 'DD_VERSION', 'DD_AGENT_HOST', 'DD_TRACE_AGENT_PORT', 'DD_DOGSTATSD_PORT', 'FLAGS_FILE', 'TRUST_PROXY'] as const;
export type PodValue = (typeof POD_VALUES)[number];

export interface ChartApp {
  name: AppName;
  /** Workspace folder: the image's WORKSPACE build argument. */
  workspace: string;
  port: number;
  /** Plain values, as they are. */
  env: Record<string, string>;
  /** Key -> app it calls (an http://<app>:<port> URL). */
  peers: Record<string, AppName>;
  /** Key -> store URL. */
  stores: Record<string, StoreRef>;
  /** Key -> file name in the generated Secret (mounted as files, never as values). */
  secretFiles: Record<string, string>;
  /** Keys whose value the templates set per pod or release. */
  podValues: PodValue[];
}

export interface ChartApps {
  $comment: string;
  apps: ChartApp[];
}

/** Why each key differs from the local stack in a container deployment (compose has the same differences). */
export const deploymentDifferences: {
  added: Record<string, { reason: string; value: (app: ChartApp) => { env?: string; secretFile?: string; podValue?: PodValue } | undefined }>;
  removed: Record<string, string>;
} = {
  added: {
    DATABASE_PASSWORD_FILE: {
      reason: 'PostgreSQL asks for a password outside the local stack (which trusts 127.0.0.1): the generated one, as a file',
      value: (app) => (Object.values(app.stores).some((ref) => ref.store === 'postgres') ? { secretFile: 'postgres-password' } : undefined),
    },
    TRUST_PROXY: {
      reason: "the gateway believes X-Forwarded-For only from the edge's pods (locally the edge is on loopback, the default)",
      value: (app) => (app.name === 'gateway' ? { podValue: 'TRUST_PROXY' } : undefined),
    },
    DD_PROFILING_ENABLED: { reason: 'a real agent forwards profiles (the local test agent does not take them)', value: () => ({ env: 'true' }) },
    DD_DBM_PROPAGATION_MODE: { reason: 'Database Monitoring runs against the deployed PostgreSQL, so SQL comments link its samples to traces', value: () => ({ env: 'full' }) },
  },
  removed: {
    DD_TRACE_FLUSH_INTERVAL: 'the local stack flushes every 250 ms so tests see spans at once; deployments keep the tracer default',
    DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'off locally (no intake); a deployment reports it to Datadog (SCA needs it)',
    DD_REMOTE_CONFIGURATION_ENABLED: 'off locally (no agent to ask); a deployment takes remote configuration from its agent',
  },
};

const marker = {
  postgres: 'store-postgres.marker',
  redis: 'store-redis.marker',
  mongo: 'store-mongo.marker',
  elasticsearch: 'store-elasticsearch.marker',
  smtp: 'store-smtp.marker',
  agent: 'agent.marker',
  bind: 'bind.marker',
  secrets: '/marker/secrets',
  flags: '/marker/flags',
  version: 'version-marker',
  // Ports no other value uses, so the agent's ports are told apart from constants.
  traceAgentPort: 61826,
  dogstatsdPort: 61825,
};
const storeOfHost = new Map<string, StoreName>(STORES.map((store) => [marker[store], store]));
const APP_HOST = /^app-([a-z]+)\.marker$/;

/** Reads one app's local definition back into references. */
function toChartApp(name: AppName, workspace: string, port: number, env: Record<string, string>): ChartApp {
  const app: ChartApp = { name, workspace, port, env: {}, peers: {}, stores: {}, secretFiles: {}, podValues: [] };
  for (const [key, value] of Object.entries(env)) {
    if (key === 'PORT' || key === 'DD_SERVICE' || key === 'DD_ENV' || key === 'DD_VERSION' || value === marker.bind || value === marker.agent) {
      app.podValues.push(key as PodValue);
    } else if (value === String(marker.traceAgentPort) || value === String(marker.dogstatsdPort)) {
      app.podValues.push(key as PodValue);
    } else if (value.startsWith(`${marker.flags}/`)) {
      app.podValues.push('FLAGS_FILE');
    } else if (value.startsWith(`${marker.secrets}/`)) {
      app.secretFiles[key] = value.slice(marker.secrets.length + 1);
    } else if (/^[a-z]+:\/\//.test(value)) {
      const url = new URL(value);
      const store = storeOfHost.get(url.hostname);
      const peer = APP_HOST.exec(url.hostname)?.[1];
      if (store) app.stores[key] = { store, path: url.pathname === '/' ? '' : url.pathname };
      else if (peer) app.peers[key] = peer as AppName;
      else throw new Error(`${name} ${key}: a URL to ${url.hostname}, neither a store nor an app (scripts/stack/app-services.ts changed? teach scripts/k8s/chart-apps.ts)`);
    } else {
      app.env[key] = value;
    }
  }
  for (const unknown of app.podValues.filter((key) => !(POD_VALUES as readonly string[]).includes(key))) {
    throw new Error(`${name} ${unknown}: a per-pod value the chart does not know`);
  }
  return app;
}

function withDeploymentDifferences(app: ChartApp): ChartApp {
  for (const key of Object.keys(deploymentDifferences.removed)) delete app.env[key];
  for (const [key, { value }] of Object.entries(deploymentDifferences.added)) {
    const added = value(app);
    if (!added) continue;
    if (added.env !== undefined) app.env[key] = added.env;
    if (added.secretFile !== undefined) app.secretFiles[key] = added.secretFile;
    if (added.podValue !== undefined) app.podValues.push(added.podValue);
  }
  return app;
}

/** Every app of the local stack, as the chart defines it. */
export function chartApps(): ChartApps {
  const services = buildAppServices({
    hosts: {
      postgres: marker.postgres,
      redis: marker.redis,
      mongo: marker.mongo,
      elasticsearch: marker.elasticsearch,
      agent: marker.agent,
      smtp: marker.smtp,
      service: (name) => `app-${name}.marker`,
      bind: marker.bind,
    },
    // The default ports: the container ports of compose and of the chart's Services.
    // The agent's ports are the chart's datadog.agent values: markers here.
    ports: { postgres: 5432, redis: 6379, mongo: 27017, elasticsearch: 9200, traceAgent: marker.traceAgentPort, dogstatsd: marker.dogstatsdPort, smtp: 1025 },
    version: marker.version,
    secretsDir: marker.secrets,
    flagsDir: marker.flags,
  });
  const apps = services.map((service) => withDeploymentDifferences(toChartApp(service.name, service.dir, service.port, service.env)));
  for (const app of apps) {
    app.podValues.sort();
    app.env = Object.fromEntries(Object.entries(app.env).sort(([a], [b]) => (a < b ? -1 : 1)));
  }
  return {
    $comment:
      'GENERATED from scripts/stack/app-services.ts by `npx tsx scripts/k8s/cli.ts sync`: do not edit. The templates build each app\'s environment from it (docs/kubernetes.md); tests/deploy/helm-parity.test.ts fails when it is stale.',
    apps,
  };
}
