// What every container in the compose deployment must have (healthcheck, start order, memory limit,
// restart policy, log rotation, unified service tagging) and the Datadog Autodiscovery labels: JSON
// that parses, naming real integrations, pointed at the right ports.
import { describe, expect, it } from 'vitest';
import { appServices, composeFiles, envExample, loadCompose, loadMergedWithTestAgent, readRepoFile, referencedVariables, type ComposeService } from './compose-file';

const compose = loadCompose();
const withTestAgent = loadMergedWithTestAgent();
const all = Object.entries(withTestAgent.services);
const apps = appServices(compose);

/** Datadog integration names (integrations-core check names) these labels may use. */
/** Init jobs that run once and exit before the services that depend on them start. */
// Jobs that run to completion: the secrets/flags init container, and the fault scheduler (profile `faults`).
const ONE_SHOT = new Set(['secrets', 'faults']);

const REAL_INTEGRATIONS = new Set(['postgres', 'mongo', 'redisdb', 'elastic', 'nginx', 'openmetrics']);
/** Log `source` per container: selects the log pipeline in Datadog. */
const LOG_SOURCES: Record<string, string> = {
  postgres: 'postgresql',
  mongo: 'mongodb',
  redis: 'redis',
  elasticsearch: 'elasticsearch',
  edge: 'nginx',
  ...Object.fromEntries(apps.map((a) => [a.name, 'nodejs'])),
};

interface CheckTemplate {
  init_config: unknown;
  instances: Array<Record<string, unknown>>;
}
const checksOf = (service: ComposeService) =>
  JSON.parse(service.labels?.['com.datadoghq.ad.checks'] ?? '{}') as Record<string, CheckTemplate>;

describe('every container', () => {
  it('belongs to the project `shopfast` whatever the clone folder is called (stable container and volume names)', () => {
    expect(compose.name).toBe('shopfast');
  });

  it.each(all)('%s: healthcheck, memory limit, restart policy and rotated json-file logs', (name, service) => {
    if (ONE_SHOT.has(name)) {
      // Runs to completion before the others start: nothing to probe, never restarted.
      expect(service.restart).toBe('no');
    } else {
      expect(service.healthcheck?.test).toBeTruthy();
      expect(service.restart).toBe('unless-stopped');
    }
    expect(service.mem_limit).toMatch(/^\d+[mg]$/);
    expect(service.logging?.driver).toBe('json-file');
    expect(service.logging?.options).toEqual({ 'max-size': expect.stringMatching(/^\d+m$/), 'max-file': expect.stringMatching(/^\d+$/) });
  });

  it.each(all)('%s: unified service tagging labels', (name, service) => {
    const labels = service.labels ?? {};
    expect(labels['com.datadoghq.tags.env']).toBe(envExample().DD_ENV);
    expect(labels['com.datadoghq.tags.service']).toMatch(name === 'datadog-agent' ? /^datadog-agent$/ : /^[a-z-]+$/);
    expect(labels['com.datadoghq.tags.version']).toBeTruthy();
  });

  it.each(all.filter(([, s]) => s.depends_on))('%s: waits for what it needs to be healthy (or finished, for a one-shot job), not just started', (_name, service) => {
    for (const [dependency, { condition }] of Object.entries(service.depends_on!)) {
      if (ONE_SHOT.has(dependency)) {
        expect(condition, dependency).toBe('service_completed_successfully');
        continue;
      }
      expect(condition, dependency).toBe('service_healthy');
      expect(withTestAgent.services[dependency]?.healthcheck, `${dependency} needs a healthcheck`).toBeDefined();
    }
  });

  it('starts the gateway after the eight shop services, not after the incident service, and the edge after the gateway', () => {
    expect(Object.keys(compose.services.gateway!.depends_on!).sort()).toEqual(expect.arrayContaining(apps.filter((a) => a.name !== 'gateway' && a.name !== 'incident').map((a) => a.name)));
    // A refused incident configuration (exit 78) must not keep the shop's front door shut.
    expect(Object.keys(compose.services.gateway!.depends_on!)).not.toContain('incident');
    expect(Object.keys(compose.services.edge!.depends_on!)).toEqual(['gateway']);
  });

  it('never makes the shop wait for the Datadog agent (telemetry is optional)', () => {
    for (const [name, service] of all) expect(Object.keys(service.depends_on ?? {}), name).not.toContain('datadog-agent');
  });
});

describe('app services', () => {
  it.each(apps.map((a) => [a.name, a.service] as const))('%s: DD_ tags match its labels, the agent is its DD_AGENT_HOST', (name, service) => {
    const env = service.environment ?? {};
    const labels = service.labels ?? {};
    expect(env.DD_SERVICE).toBe(name);
    expect(labels['com.datadoghq.tags.service']).toBe(env.DD_SERVICE);
    expect(labels['com.datadoghq.tags.env']).toBe(env.DD_ENV);
    expect(labels['com.datadoghq.tags.version']).toBe(env.DD_VERSION);
    expect(env.DD_AGENT_HOST).toBe('datadog-agent');
  });
});

describe('Datadog labels', () => {
  const labelled = all.flatMap(([name, service]) =>
    Object.entries(service.labels ?? {})
      .filter(([key]) => key.startsWith('com.datadoghq.ad.'))
      .map(([key, value]) => [name, key, value] as const),
  );

  it('there are autodiscovery labels to check', () => {
    expect(labelled.length).toBeGreaterThan(10);
  });

  it.each(labelled)('%s %s is valid JSON', (_name, _key, value) => {
    expect(() => JSON.parse(value)).not.toThrow();
  });

  it.each(Object.entries(LOG_SOURCES))('%s: logs labelled with source %s and its own service', (name, source) => {
    const logs = JSON.parse(compose.services[name]?.labels?.['com.datadoghq.ad.logs'] ?? '[]') as Array<{ source: string; service: string }>;
    expect(logs).toEqual([{ source, service: compose.services[name]!.labels!['com.datadoghq.tags.service'] }]);
  });

  it('every autodiscovery check names a real Datadog integration, with init_config and instances', () => {
    const checks = all.flatMap(([name, service]) => Object.entries(checksOf(service)).map(([check, template]) => [name, check, template] as const));
    expect(checks.map(([name, check]) => `${name}:${check}`).sort()).toEqual(
      ['edge:nginx', 'elasticsearch:elastic', 'gateway:openmetrics', 'mongo:mongo', 'postgres:postgres', 'redis:redisdb'],
    );
    for (const [name, check, template] of checks) {
      expect(REAL_INTEGRATIONS.has(check), `${name}: ${check}`).toBe(true);
      expect(template.init_config, `${name}: ${check}`).toEqual({});
      expect(template.instances.length, `${name}: ${check}`).toBeGreaterThan(0);
    }
  });

  it('monitors PostgreSQL with Database Monitoring as the datadog user, the password resolved by the agent from the generated file', () => {
    const [instance] = checksOf(compose.services.postgres!).postgres!.instances;
    const file = compose.services.postgres!.environment!.DATADOG_POSTGRES_PASSWORD_FILE;
    expect(file).toBe('/run/shopfast/secrets/datadog-postgres-password');
    expect(instance).toMatchObject({ dbm: true, host: '%%host%%', port: 5432, username: 'datadog', password: `ENC[file@${file}]` });
    expect(compose.services['datadog-agent']!.environment!.DD_SECRET_BACKEND_COMMAND).toBe('/readsecret_multiple_providers.sh');
    expect(compose.services['datadog-agent']!.volumes).toContain('secrets:/run/shopfast/secrets:ro');
    expect(readRepoFile('infra/postgres/init/00-datadog-password.sh')).toContain('DATADOG_POSTGRES_PASSWORD_FILE');
  });

  it('gives PostgreSQL the server settings DBM needs and mounts the init SQL', () => {
    const command = (compose.services.postgres as { command?: string[] }).command!.join(' ');
    expect(command).toContain('shared_preload_libraries=pg_stat_statements');
    expect(command).toContain('track_activity_query_size=4096');
    expect(compose.services.postgres!.volumes).toContain('./infra/postgres/init:/docker-entrypoint-initdb.d:ro');
  });

  it('scrapes the gateway /metrics on the port the gateway listens on', () => {
    const [instance] = checksOf(compose.services.gateway!).openmetrics!.instances;
    expect(instance!.openmetrics_endpoint).toBe(`http://%%host%%:${compose.services.gateway!.environment!.PORT}/metrics`);
    expect(instance!.metrics).toEqual(expect.arrayContaining(['shopfast_http_.*']));
  });

  it('reads NGINX stub_status from the edge and checks the stores on their default ports', () => {
    expect(checksOf(compose.services.edge!).nginx!.instances[0]!.nginx_status_url).toMatch(/^http:\/\/%%host%%:\d+\/nginx_status$/);
    expect(checksOf(compose.services.redis!).redisdb!.instances[0]).toMatchObject({ host: '%%host%%', port: 6379 });
    expect(checksOf(compose.services.mongo!).mongo!.instances[0]).toMatchObject({ hosts: ['%%host%%:27017'] });
    expect(checksOf(compose.services.elasticsearch!).elastic!.instances[0]).toMatchObject({ url: 'http://%%host%%:9200' });
  });
});

describe('agent, profiles and secrets', () => {
  const agent = compose.services['datadog-agent']!;

  it('pins the agent image to an exact 7.x release', () => {
    expect(agent.image).toMatch(/^gcr\.io\/datadoghq\/agent:7\.\d+\.\d+$/);
  });

  it('runs the agent in the host PID and cgroup namespaces, as Datadog documents', () => {
    expect(agent.pid).toBe('host');
    expect(agent.cgroup).toBe('host');
  });

  it('mounts on the agent only what Docker Desktop accepts too: autodiscovery, container metrics, logs through the socket', () => {
    expect(agent.volumes).toEqual([
      './datadog.yaml:/etc/datadog-agent/datadog.yaml:ro',
      './infra/datadog/agent:/opt/shopfast/datadog:ro',
      '/var/run/docker.sock:/var/run/docker.sock:ro',
      '/proc/:/host/proc/:ro',
      '/sys/fs/cgroup/:/host/sys/fs/cgroup:ro',
      'datadog-run:/opt/datadog-agent/run',
      'secrets:/run/shopfast/secrets:ro',
    ]);
    expect(agent.cap_add).toBeUndefined();
    expect(agent.security_opt).toBeUndefined();
  });

  it('keeps network monitoring in the Linux-only override: capabilities, eBPF mounts, system-probe.yaml', () => {
    const npm = loadCompose('docker-compose.network-monitoring.yml').services['datadog-agent']!;
    expect(Object.keys(loadCompose('docker-compose.network-monitoring.yml').services)).toEqual(['datadog-agent']);
    expect(npm.environment).toEqual({ DD_SYSTEM_PROBE_NETWORK_ENABLED: 'true' });
    expect(npm.cap_add).toEqual(expect.arrayContaining(['SYS_ADMIN', 'SYS_RESOURCE', 'SYS_PTRACE', 'NET_ADMIN', 'NET_BROADCAST', 'NET_RAW', 'IPC_LOCK', 'CHOWN']));
    expect(npm.security_opt).toContain('apparmor:unconfined');
    expect(npm.volumes).toEqual(expect.arrayContaining([
      './infra/datadog/agent/system-probe.yaml:/etc/datadog-agent/system-probe.yaml:ro',
      '/var/lib/docker/containers:/var/lib/docker/containers:ro',
      '/sys/kernel/debug:/sys/kernel/debug',
      '/etc/os-release:/host/etc/os-release:ro',
      '/etc/passwd:/etc/passwd:ro',
    ]));
  });

  it('keeps traffic opt-in and swaps the agent for the test agent under the same network name', () => {
    expect(compose.services.traffic!.profiles).toEqual(['traffic']);
    expect(withTestAgent.services['datadog-agent']!.profiles).toEqual(['datadog-agent']);
    expect(withTestAgent.services['test-agent']!.networks!.default!.aliases).toEqual(['datadog-agent']);
    expect(withTestAgent.services['test-agent']!.environment).toMatchObject({ HOST: '0.0.0.0', PORT: '8126' });
  });

  it('asks .env for no secret but the credentials of the user\'s own accounts, and .env.example documents every variable the compose files use', () => {
    expect(compose.services['datadog-agent']!.environment!.DD_API_KEY).toBe('');
    // Datadog's keys, and PagerDuty's routing key and the Slack webhook URLs of the incident service: none has a
    // value in .env.example (empty: the channel is not configured), none is read by anything but its one user.
    const accounts = ['DD_API_KEY', 'PAGERDUTY_ROUTING_KEY', 'SLACK_WEBHOOK_URL_CRITICAL', 'SLACK_WEBHOOK_URL_PERFORMANCE', 'SLACK_WEBHOOK_URL_BUSINESS'];
    for (const key of accounts) expect(envExample()[key], key).toBe('');
    for (const key of accounts.slice(1)) {
      const readers = Object.entries(compose.services).filter(([, service]) => key in (service.environment ?? {})).map(([name]) => name);
      expect(readers, key).toEqual(['incident']);
    }
    for (const file of composeFiles) {
      const secretLike = referencedVariables(readRepoFile(file)).filter((name) => /PASSWORD|SECRET|TOKEN/.test(name) && name !== 'DD_RUM_CLIENT_TOKEN');
      expect(secretLike, `${file} takes a secret from .env`).toEqual([]);
    }
    for (const file of composeFiles) {
      expect(referencedVariables(readRepoFile(file)).filter((name) => !(name in envExample())), file).toEqual([]);
    }
    expect(readRepoFile('docker-compose.yml')).toMatch(/DD_API_KEY: \$\{DD_API_KEY:-\}/);
    expect(readRepoFile('.gitignore').split('\n')).toContain('.env');
  });

  it('trusts the edge by its service name, not by an address Docker may give to someone else', () => {
    expect(compose.services.gateway!.environment!.TRUST_PROXY).toBe('edge');
    expect(compose.services.edge).toBeDefined();
    for (const [name, service] of all) expect(service.networks?.default?.ipv4_address, name).toBeUndefined();
  });

  it('binds published ports to loopback only', () => {
    for (const [name, service] of all) for (const port of service.ports ?? []) expect(port, name).toMatch(/^127\.0\.0\.1:/);
  });
});
