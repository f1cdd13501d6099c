// Datadog on Kubernetes, checked offline: infra/k8s/datadog-agent*.yaml are valid DatadogAgent resources for the
// Operator (its CRD schema, infra/k8s/schemas/datadog-operator), turn on what issue 15 asks (APM, logs, DogStatsD,
// live processes, NPM, the admission controller, cluster checks, keys from a Secret) and agree with the chart
// (hostPorts, the Secret the PostgreSQL check reads); the Helm-chart alternative turns on the same features; any
// Datadog custom resource the chart renders is validated too.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { settingsFromEnv } from '../../infra/datadog/src/definitions/settings';
import { webhookSecretFromEnv } from '../../infra/datadog/src/cli/webhook-secret-source';
import { readRepoFile, repoRoot } from './compose-file';
import { datadogResourceProblems } from './k8s-crd-schemas';
import { chartDir, componentOf, MODES, ofKind, podTemplate, render, renderMode } from './k8s-chart';

interface DatadogAgent {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string };
  spec: {
    global: {
      credentials: { apiKey?: string; appKey?: string; apiSecret?: { secretName: string; keyName: string }; appSecret?: { secretName: string; keyName: string } };
      secretBackend?: { command: string; roles: Array<{ namespace: string; secrets: string[] }> };
    };
    features: Record<string, Record<string, unknown> & { hostPortConfig?: { enabled?: boolean; hostPort?: unknown } }>;
    override?: { clusterAgent?: { extraConfd?: { configDataMap?: Record<string, string> } } };
  };
}

const AGENT_FILES = ['infra/k8s/datadog-agent.yaml', 'infra/k8s/datadog-agent-scaled.yaml'];
const readAgent = (file: string): DatadogAgent => {
  const docs = parseAllDocuments(fs.readFileSync(path.join(repoRoot, file), 'utf8'));
  expect(docs, `${file}: one document`).toHaveLength(1);
  return docs[0]!.toJS() as DatadogAgent;
};
const chartValues = parse(fs.readFileSync(path.join(chartDir, 'values.yaml'), 'utf8')) as { datadog: { env: string; namespace: string; agent: { apmPort: number; dogstatsdPort: number } } };

describe.each(AGENT_FILES)('%s', (file) => {
  const agent = readAgent(file);

  it('is a valid DatadogAgent (datadoghq.com/v2alpha1) for the Operator', () => {
    expect(agent.apiVersion).toBe('datadoghq.com/v2alpha1');
    expect(agent.kind).toBe('DatadogAgent');
    expect(datadogResourceProblems(agent)).toEqual([]);
  });

  it('turns on APM, logs, DogStatsD, live processes, NPM, the admission controller and cluster checks', () => {
    const f = agent.spec.features;
    expect(f.apm).toMatchObject({ enabled: true, hostPortConfig: { enabled: true, hostPort: chartValues.datadog.agent.apmPort } });
    expect(f.dogstatsd).toMatchObject({ hostPortConfig: { enabled: true, hostPort: chartValues.datadog.agent.dogstatsdPort } });
    expect(f.logCollection).toMatchObject({ enabled: true, containerCollectAll: true });
    expect(f.liveProcessCollection).toMatchObject({ enabled: true });
    expect(f.npm).toMatchObject({ enabled: true });
    // Only pods with the label the chart sets: the admission controller leaves the rest of the cluster alone.
    expect(f.admissionController).toMatchObject({ enabled: true, mutateUnlabelled: false });
    expect(f.clusterChecks).toMatchObject({ enabled: true });
  });

  it('takes its keys from a Secret, never from the file, and runs in the namespace the chart opens to it', () => {
    const { credentials } = agent.spec.global;
    expect(credentials.apiKey).toBeUndefined();
    expect(credentials.appKey).toBeUndefined();
    expect(credentials.apiSecret).toEqual({ secretName: 'datadog-secret', keyName: 'api-key' });
    expect(agent.metadata.namespace).toBe(chartValues.datadog.namespace);
  });
});

describe('the agent and the chart agree', () => {
  it('datadog-agent.yaml may read the Secret the PostgreSQL check names, and nothing else: not the one of keys and tokens', () => {
    const agent = readAgent('infra/k8s/datadog-agent.yaml');
    expect(agent.spec.global.secretBackend?.command).toBe('/readsecret_multiple_providers.sh');
    const { objects } = renderMode('laptop');
    const postgres = podTemplate(ofKind(objects, 'StatefulSet').find((s) => componentOf(s) === 'postgres')!);
    const handle = /ENC\[k8s_secret@([^/]+)\/([^/]+)\/([^\]]+)\]/.exec(postgres.metadata.annotations!['ad.datadoghq.com/postgres.checks']!)!;
    expect(agent.spec.global.secretBackend?.roles).toEqual([{ namespace: handle[1], secrets: [handle[2]] }]);
    // The Secret the apps mount (signing keys, admin token, superuser password) is another one.
    const appSecrets = new Set(ofKind(objects, 'Deployment').flatMap((d) => JSON.stringify(podTemplate(d).spec.volumes).match(/"secret":\{"name":"[^"]+"/g) ?? []));
    expect([...appSecrets]).toEqual(['"secret":{"name":"shopfast-secrets"']);
    expect(handle[2]).toBe('shopfast-datadog');
    // The secrets Job writes that Secret, with that one file (tests/deploy/helm-secrets-job.test.ts: nothing else).
    const job = ofKind(objects, 'Job').find((j) => componentOf(j) === 'secrets')!;
    expect((podTemplate(job).spec.containers[0] as unknown as { command: string[] }).command.slice(-1)).toEqual([handle[2]]);
    expect(handle[3]).toBe('datadog-postgres-password');
  });

  it("datadog-agent-scaled.yaml may read only the managed PostgreSQL's monitoring password, not the apps' one", () => {
    const agent = readAgent('infra/k8s/datadog-agent-scaled.yaml');
    const postgres = parse(agent.spec.override!.clusterAgent!.extraConfd!.configDataMap!['postgres.yaml']!) as { instances: Array<{ password: string }> };
    const handle = /^ENC\[k8s_secret@([^/]+)\/([^/]+)\/[^\]]+\]$/.exec(postgres.instances[0]!.password)!;
    expect(agent.spec.global.secretBackend?.roles).toEqual([{ namespace: handle[1], secrets: [handle[2]] }]);
    const scaled = parse(fs.readFileSync(path.join(chartDir, 'values-scaled.yaml'), 'utf8')) as { stores: { postgres: { external: { passwordSecret: { name: string } } } } };
    expect(handle[2]).not.toBe(scaled.stores.postgres.external.passwordSecret.name);
    expect(handle[2]).not.toBe('shopfast-secrets');
  });

  it('datadog-agent-scaled.yaml runs a cluster check for each managed store of values-scaled.yaml', () => {
    const agent = readAgent('infra/k8s/datadog-agent-scaled.yaml');
    const confd = agent.spec.override?.clusterAgent?.extraConfd?.configDataMap ?? {};
    expect(Object.keys(confd).sort()).toEqual(['elastic.yaml', 'mongo.yaml', 'postgres.yaml', 'redisdb.yaml']);
    const scaled = parse(fs.readFileSync(path.join(chartDir, 'values-scaled.yaml'), 'utf8')) as { stores: Record<string, { external: { url: string } }> };
    for (const [check, store] of [['postgres.yaml', 'postgres'], ['redisdb.yaml', 'redis'], ['mongo.yaml', 'mongo'], ['elastic.yaml', 'elasticsearch']] as const) {
      const config = parse(confd[check]!) as { cluster_check: boolean; instances: Array<Record<string, unknown>> };
      expect(config.cluster_check, check).toBe(true);
      expect(JSON.stringify(config.instances), check).toContain(new URL(scaled.stores[store]!.external.url).hostname);
    }
    expect(parse(confd['postgres.yaml']!)).toMatchObject({ instances: [{ dbm: true }] });
  });
});

describe('the Datadog Helm chart alternative (infra/k8s/datadog-values.yaml)', () => {
  const values = parse(fs.readFileSync(path.join(repoRoot, 'infra', 'k8s', 'datadog-values.yaml'), 'utf8')) as { datadog: Record<string, unknown>; clusterAgent: Record<string, unknown> };

  it('turns on the same features as the DatadogAgent, keys from the same Secret', () => {
    expect(values.datadog).toMatchObject({
      apiKeyExistingSecret: 'datadog-secret',
      apm: { portEnabled: true, port: chartValues.datadog.agent.apmPort },
      dogstatsd: { useHostPort: true, port: chartValues.datadog.agent.dogstatsdPort },
      logs: { enabled: true, containerCollectAll: true },
      processAgent: { enabled: true, processCollection: true },
      networkMonitoring: { enabled: true },
      clusterChecks: { enabled: true },
      secretBackend: { command: '/readsecret_multiple_providers.sh', roles: readAgent('infra/k8s/datadog-agent.yaml').spec.global.secretBackend!.roles },
    });
    expect(values.datadog.apiKey).toBeUndefined();
    expect(values.clusterAgent).toMatchObject({ enabled: true, admissionController: { enabled: true, mutateUnlabelled: false } });
  });
});

describe('the CRD validation is not a rubber stamp', () => {
  const agent = readAgent('infra/k8s/datadog-agent.yaml');

  it('rejects a misspelt feature field', () => {
    const wrong = structuredClone(agent);
    (wrong.spec.features.apm as Record<string, unknown>).enabledd = true;
    expect(datadogResourceProblems(wrong)).toEqual([expect.stringMatching(/^\/spec\/features\/apm: must NOT have additional properties \(enabledd\)$/)]);
  });

  it('rejects a wrong type and an unknown kind', () => {
    const wrong = structuredClone(agent);
    wrong.spec.features.apm!.hostPortConfig!.hostPort = 'eighty';
    expect(datadogResourceProblems(wrong).join('\n')).toMatch(/\/spec\/features\/apm\/hostPortConfig\/hostPort: must be integer/);
    expect(datadogResourceProblems({ apiVersion: 'datadoghq.com/v9', kind: 'DatadogAgent' })).toEqual(['no Datadog Operator schema for DatadogAgent datadoghq.com/v9']);
  });
});

describe('Datadog custom resources', () => {
  it('every datadoghq.com object of the chart (both modes) and of infra/k8s is valid, and there are some to check', () => {
    const manifests = fs
      .readdirSync(path.join(repoRoot, 'infra', 'k8s'))
      .filter((file) => file.endsWith('.yaml'))
      .flatMap((file) => parseAllDocuments(fs.readFileSync(path.join(repoRoot, 'infra', 'k8s', file), 'utf8')).map((doc) => doc.toJS() as { apiVersion?: string; kind?: string; metadata?: { name?: string } }));
    const fromChart = (Object.keys(MODES) as Array<keyof typeof MODES>).flatMap((mode) => render(MODES[mode]).objects);
    const resources = [...manifests, ...fromChart].filter((object) => object.apiVersion?.startsWith('datadoghq.com/'));
    // Today: the two DatadogAgents (the chart renders none: monitors and SLOs are `npm run datadog`'s). Any the
    // chart adds lands here too.
    expect(resources.filter((r) => r.kind === 'DatadogAgent')).toHaveLength(2);
    for (const resource of resources) expect(datadogResourceProblems(resource), `${resource.kind} ${resource.metadata?.name}`).toEqual([]);
  });
});

describe("docs/kubernetes.md points `npm run datadog` at the cluster", () => {
  const docs = readRepoFile('docs/kubernetes.md');
  const command = /```sh\n(DD_API_KEY=[\s\S]*?npm run datadog -- apply)\n```/.exec(docs)?.[1] ?? '';
  const variable = (name: string) => new RegExp(`(?:^|\\s)${name}=(\\S+(?:\\([^)]*\\))?)`).exec(command)?.[1];

  it("with the chart's env, the public edge and the webhook secret the chart generated", () => {
    expect(command, 'the apply command in docs/kubernetes.md').not.toBe('');
    expect(variable('DD_ENV')).toBe(chartValues.datadog.env);
    expect(command).toContain('SHOPFAST_PUBLIC_URL=https://<your edge>');
    expect(command).toContain("SHOPFAST_WEBHOOK_SECRET=$(kubectl -n shopfast get secret shopfast-secrets -o jsonpath='{.data.datadog-webhook-secret}' | base64 -d)");
    // That Secret file is the one the chart mounts as the incident service's WEBHOOK_SECRET_FILE.
    const incident = ofKind(renderMode('laptop').objects, 'Deployment').find((d) => componentOf(d) === 'incident')!;
    const env = Object.fromEntries((podTemplate(incident).spec.containers[0]!.env ?? []).map((e) => [e.name, e.value]));
    expect(env.WEBHOOK_SECRET_FILE).toBe('/run/shopfast/secrets/datadog-webhook-secret');
    expect(JSON.stringify(podTemplate(incident).spec.volumes)).toContain('{"secret":{"name":"shopfast-secrets","items":[');
  });

  it('those are the variables the tool reads: the env scopes the monitors, the webhook goes to the edge with that secret', () => {
    const settings = settingsFromEnv({ DD_ENV: chartValues.datadog.env, SHOPFAST_PUBLIC_URL: 'https://shop.example.com' });
    expect(settings.env).toBe('kubernetes');
    expect(settings.webhookUrl).toBe('https://shop.example.com/api/webhooks/datadog');
    const secret = 'k8s-generated-secret-0123456789abcdefXYZ';
    expect(webhookSecretFromEnv({ SHOPFAST_WEBHOOK_SECRET: secret }, '/nonexistent')).toBe(secret);
  });
});
