// What every workload of the chart must carry, in every mode: Datadog's unified service tagging labels on the
// Deployment and its pod template (read back into DD_ENV/DD_SERVICE/DD_VERSION), the admission controller label,
// both probes, requests and limits, the restricted securityContext; secrets generated at install and mounted as
// files, never rendered; the fault flags' ConfigMap as @shopfast/feature-flags renders the state.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderFlagState, type FlagdDocument } from '@shopfast/feature-flags';
import { appServices } from '../../scripts/stack/app-services';
import { chartDir, componentOf, helm, MODES, ofKind, OPTIONAL_PARTS, podTemplate, render, renderMode, templateArgs, type Container, type K8sObject } from './k8s-chart';

const renders = [
  ['laptop', MODES.laptop, []],
  ['scaled', MODES.scaled, []],
  ['laptop + optional parts', MODES.laptop, OPTIONAL_PARTS],
] as const;
/** Whether the incident service scales through the API server: not in scaled mode, where HPAs own every app. */
const scalesThroughApi = (files: readonly string[]) => files !== MODES.scaled;
const TAGS = ['tags.datadoghq.com/env', 'tags.datadoghq.com/service', 'tags.datadoghq.com/version'] as const;
const appNames = new Set<string>(appServices.map((app) => app.name));
const workloads = (objects: K8sObject[]) => [...ofKind(objects, 'Deployment'), ...ofKind(objects, 'StatefulSet'), ...ofKind(objects, 'Job')];
const envOf = (container: Container) => Object.fromEntries((container.env ?? []).map((entry) => [entry.name, entry]));
const catalogue = JSON.parse(fs.readFileSync(path.join(chartDir, 'files', 'shopfast.flagd.json'), 'utf8')) as FlagdDocument;

describe.each(renders)('%s: every Deployment', (_mode, files, extra) => {
  const deployments = ofKind(render(files, [...extra]).objects, 'Deployment');

  it('includes the nine apps and the edge', () => {
    const names = deployments.map(componentOf);
    for (const app of [...appNames, 'edge']) expect(names).toContain(app);
  });

  it.each(deployments.map((d) => [d.metadata.name, d] as const))('%s: tagging labels on the Deployment and its pods, read back by the container', (_name, deployment) => {
    const pod = podTemplate(deployment);
    for (const tag of TAGS) {
      expect(deployment.metadata.labels?.[tag], tag).toBeTruthy();
      expect(pod.metadata.labels?.[tag], tag).toBe(deployment.metadata.labels?.[tag]);
    }
    expect(pod.metadata.labels?.['admission.datadoghq.com/enabled']).toBe('true');
    const env = envOf(pod.spec.containers[0]!);
    if (appNames.has(componentOf(deployment)!)) {
      expect(env.DD_ENV?.valueFrom?.fieldRef?.fieldPath).toBe("metadata.labels['tags.datadoghq.com/env']");
      expect(env.DD_SERVICE?.valueFrom?.fieldRef?.fieldPath).toBe("metadata.labels['tags.datadoghq.com/service']");
      expect(env.DD_VERSION?.valueFrom?.fieldRef?.fieldPath).toBe("metadata.labels['tags.datadoghq.com/version']");
      expect(env.DD_AGENT_HOST?.valueFrom?.fieldRef?.fieldPath).toBe('status.hostIP');
      expect(pod.metadata.labels?.['tags.datadoghq.com/service']).toBe(componentOf(deployment));
    }
  });

  it.each(deployments.map((d) => [d.metadata.name, d] as const))('%s: liveness and readiness probes (apps: /healthz and /readyz)', (_name, deployment) => {
    const container = podTemplate(deployment).spec.containers[0]!;
    expect(container.livenessProbe).toBeDefined();
    expect(container.readinessProbe).toBeDefined();
    const component = componentOf(deployment)!;
    if (appNames.has(component)) {
      expect(container.livenessProbe?.httpGet?.path).toBe('/healthz');
      expect(container.readinessProbe?.httpGet?.path).toBe('/readyz');
    }
    if (component === 'edge') expect(container.readinessProbe?.httpGet?.path).toBe('/healthz');
  });

  it.each(deployments.map((d) => [d.metadata.name, d] as const))('%s: CPU and memory requests and limits', (_name, deployment) => {
    const { resources } = podTemplate(deployment).spec.containers[0]!;
    for (const kind of ['requests', 'limits'] as const) {
      expect(resources?.[kind]?.cpu, kind).toBeTruthy();
      expect(resources?.[kind]?.memory, kind).toBeTruthy();
    }
  });

  it.each(deployments.map((d) => [d.metadata.name, d] as const))('%s: the restricted securityContext (non-root, read-only root, no capabilities)', (_name, deployment) => {
    const pod = podTemplate(deployment);
    expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.spec.securityContext?.runAsUser).not.toBe(0);
    for (const container of pod.spec.containers) {
      expect(container.securityContext, container.name).toMatchObject({
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ['ALL'] },
      });
    }
    expect(pod.spec.automountServiceAccountToken, 'only the incident scaler talks to the API').toBe(componentOf(deployment) === 'incident' && scalesThroughApi(files));
  });
});

describe.each(renders)('%s: StatefulSets and Jobs', (_mode, files, extra) => {
  it('run non-root with no capabilities and no privilege escalation, with limits', () => {
    for (const workload of [...ofKind(render(files, [...extra]).objects, 'StatefulSet'), ...ofKind(render(files, [...extra]).objects, 'Job')]) {
      const pod = podTemplate(workload);
      expect(pod.spec.securityContext, workload.metadata.name).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      for (const container of pod.spec.containers) {
        expect(container.securityContext, workload.metadata.name).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
        expect(container.resources?.limits?.memory, workload.metadata.name).toBeTruthy();
      }
    }
  });
});

describe('secrets: generated at install, never published, mounted as files', () => {
  it.each(renders)('%s: no Secret is rendered, and no value looks like a credential', (_mode, files, extra) => {
    const { objects, text } = render(files, [...extra]);
    expect(ofKind(objects, 'Secret')).toEqual([]);
    expect(text).not.toMatch(/BEGIN PRIVATE KEY|password:\s*\S|_PASSWORD"?\s*value:/i);
  });

  it('a pre-install/pre-upgrade Job generates them with generate-secrets.mjs; with existingSecret there is none', () => {
    const job = ofKind(renderMode('laptop').objects, 'Job').find((j) => componentOf(j) === 'secrets')!;
    expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(podTemplate(job).spec.containers[0]!.image).toMatch(/^node:/);
    const existing = render(MODES.laptop, ['--set', 'secrets.existingSecret=my-secrets', '--set', 'secrets.existingDatadogSecret=my-datadog']).objects;
    expect(ofKind(existing, 'Job').filter((j) => componentOf(j) === 'secrets')).toEqual([]);
    const gateway = ofKind(existing, 'Deployment').find((d) => componentOf(d) === 'gateway')!;
    expect(JSON.stringify(podTemplate(gateway).spec.volumes)).toContain('"name":"my-secrets"');
  });

  it("the Job keeps the Datadog agent's Secret only beside an in-cluster PostgreSQL, and may touch just those two Secrets", () => {
    const jobOf = (mode: 'laptop' | 'scaled') => {
      const objects = renderMode(mode).objects;
      const job = ofKind(objects, 'Job').find((j) => componentOf(j) === 'secrets')!;
      const role = ofKind(objects, 'Role').find((r) => componentOf(r) === 'secrets')! as unknown as { rules: Array<{ resourceNames?: string[]; verbs: string[] }> };
      return { command: (podTemplate(job).spec.containers[0] as unknown as { command: string[] }).command, role };
    };
    const laptop = jobOf('laptop');
    expect(laptop.command).toEqual(['node', '/opt/shopfast/store-secrets.mjs', 'shopfast-secrets', 'shopfast-datadog']);
    expect(laptop.role.rules.find((rule) => rule.verbs.includes('update'))!.resourceNames).toEqual(['shopfast-secrets', 'shopfast-datadog']);
    // A managed PostgreSQL's monitoring password is yours: the Job writes no copy of a password nobody uses.
    const scaled = jobOf('scaled');
    expect(scaled.command).toEqual(['node', '/opt/shopfast/store-secrets.mjs', 'shopfast-secrets']);
    expect(scaled.role.rules.find((rule) => rule.verbs.includes('update'))!.resourceNames).toEqual(['shopfast-secrets']);
  });

  it.each(renders)('%s: each app mounts only the files it names, mode 0440, read-only', (_mode, files, extra) => {
    for (const deployment of ofKind(render(files, [...extra]).objects, 'Deployment').filter((d) => appNames.has(componentOf(d)!))) {
      const pod = podTemplate(deployment);
      const container = pod.spec.containers[0]!;
      const env = envOf(container);
      const volume = pod.spec.volumes!.find((v) => v.name === 'secrets') as unknown as { projected: { defaultMode: number; sources: Array<{ secret: { items: Array<{ path: string }> } }> } };
      expect(volume.projected.defaultMode).toBe(0o440);
      const mounted = volume.projected.sources.flatMap((source) => source.secret.items.map((item) => item.path)).sort();
      const named = Object.values(env)
        .map((entry) => entry.value ?? '')
        .filter((value) => value.startsWith('/run/shopfast/secrets/'))
        .map((value) => value.slice('/run/shopfast/secrets/'.length))
        .sort();
      expect(mounted, deployment.metadata.name).toEqual([...new Set(named)]);
      expect(container.volumeMounts?.find((m) => m.name === 'secrets')?.readOnly).toBe(true);
    }
  });

  it('the managed PostgreSQL password comes from the Secret named in values-scaled.yaml', () => {
    const order = ofKind(renderMode('scaled').objects, 'Deployment').find((d) => componentOf(d) === 'order')!;
    expect(JSON.stringify(podTemplate(order).spec.volumes)).toContain('{"secret":{"name":"shopfast-postgres","items":[{"key":"password","path":"postgres-password"}]}}');
  });
});

describe('the fault flags', () => {
  const stateIn = (objects: K8sObject[]) => JSON.parse(ofKind(objects, 'ConfigMap').find((c) => c.metadata.name === 'shopfast-flags')!.data!['shopfast.flagd.json']!) as FlagdDocument;
  const allOff = (): FlagdDocument => {
    const state = structuredClone(catalogue);
    for (const flag of Object.values(state.flags)) flag.defaultVariant = 'off';
    return state;
  };

  it('the ConfigMap holds the catalogue with every fault off by default', () => {
    expect(stateIn(renderMode('laptop').objects)).toEqual(renderFlagState(allOff(), {}));
  });

  it('`faults.<key>` switches a fault on exactly as the gateway renders it', () => {
    const objects = render(MODES.laptop, ['--set', 'faults.paymentLatency=2500', '--set', 'faults.bankTimeout=true']).objects;
    expect(stateIn(objects)).toEqual(renderFlagState(allOff(), { paymentLatency: 2500, bankTimeout: true }));
  });

  it('laptop: a volume the gateway writes and the others read, filled from the ConfigMap at every install and upgrade', () => {
    const { objects } = renderMode('laptop');
    for (const deployment of ofKind(objects, 'Deployment').filter((d) => appNames.has(componentOf(d)!))) {
      const mount = podTemplate(deployment).spec.containers[0]!.volumeMounts!.find((m) => m.name === 'flags')!;
      expect(mount.readOnly, deployment.metadata.name).toBe(componentOf(deployment) !== 'gateway');
      expect(JSON.stringify(podTemplate(deployment).spec.volumes)).toContain('"claimName":"shopfast-flags"');
    }
    const reset = ofKind(objects, 'Job').find((j) => componentOf(j) === 'flags-reset')!;
    expect(reset.metadata.annotations?.['helm.sh/hook']).toBe('post-install,post-upgrade');
  });

  it('scaled: every app mounts the ConfigMap itself', () => {
    for (const deployment of ofKind(renderMode('scaled').objects, 'Deployment').filter((d) => appNames.has(componentOf(d)!))) {
      expect(JSON.stringify(podTemplate(deployment).spec.volumes), deployment.metadata.name).toContain('"configMap":{"name":"shopfast-flags"}');
      expect(envOf(podTemplate(deployment).spec.containers[0]!).FLAGS_FILE?.value).toBe('/run/shopfast/flags/shopfast.flagd.json');
    }
  });
});

describe('Datadog autodiscovery', () => {
  const annotationsOf = (objects: K8sObject[], component: string) => podTemplate(workloads(objects).find((w) => componentOf(w) === component)!).metadata.annotations ?? {};

  it('the store checks (PostgreSQL with DBM and its password from the Secret, MongoDB, Redis, Elasticsearch) and NGINX', () => {
    const { objects } = renderMode('laptop');
    const checks = (component: string) => JSON.parse(annotationsOf(objects, component)[`ad.datadoghq.com/${component}.checks`]!) as Record<string, { instances: Array<Record<string, unknown>> }>;
    // The agent reads the password from the Secret holding only it, never from the Secret of keys and tokens.
    expect(checks('postgres').postgres!.instances[0]).toMatchObject({ dbm: true, username: 'datadog', password: 'ENC[k8s_secret@shopfast/shopfast-datadog/datadog-postgres-password]' });
    expect(Object.keys(checks('mongo'))).toEqual(['mongo']);
    expect(Object.keys(checks('redis'))).toEqual(['redisdb']);
    expect(Object.keys(checks('elasticsearch'))).toEqual(['elastic']);
    expect(checks('edge').nginx!.instances[0]).toMatchObject({ nginx_status_url: 'http://%%host%%:8081/nginx_status' });
    expect(Object.keys(checks('gateway'))).toEqual(['openmetrics']);
  });

  it("with existingSecret, the check reads existingDatadogSecret, which must be named (the agent never gets the app's Secret)", () => {
    const objects = render(MODES.laptop, ['--set', 'secrets.existingSecret=my-secrets', '--set', 'secrets.existingDatadogSecret=my-datadog']).objects;
    expect(annotationsOf(objects, 'postgres')['ad.datadoghq.com/postgres.checks']).toContain('ENC[k8s_secret@shopfast/my-datadog/datadog-postgres-password]');
    const missing = helm(templateArgs(MODES.laptop, ['--set', 'secrets.existingSecret=my-secrets']));
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/secrets\.existingDatadogSecret: with secrets\.existingSecret, name the Secret holding only datadog-postgres-password/);
  });

  it('every app ships its logs as nodejs under its own service', () => {
    const { objects } = renderMode('laptop');
    for (const app of appNames) expect(JSON.parse(annotationsOf(objects, app)[`ad.datadoghq.com/${app}.logs`]!)).toEqual([{ source: 'nodejs', service: app }]);
  });
});

describe('the incident service scales Deployments of its own release, and nothing else', () => {
  const incidentOf = (objects: K8sObject[]) => podTemplate(ofKind(objects, 'Deployment').find((d) => componentOf(d) === 'incident')!);
  const scaleRules = (objects: K8sObject[]) => ofKind(objects, 'Role').filter((role) => componentOf(role) === 'incident').map((role) => role.rules);
  const shopApps = appServices.map((app) => app.name).filter((name) => name !== 'incident');

  it('laptop: SCALER=kubernetes, with a ServiceAccount allowed get/patch on the scale of exactly the Deployments it may scale', () => {
    const { objects } = renderMode('laptop');
    const pod = incidentOf(objects);
    const env = envOf(pod.spec.containers[0]!);
    expect(env.SCALER?.value).toBe('kubernetes');
    expect(env.K8S_DEPLOYMENT_TEMPLATE?.value).toBe('shopfast-{service}');
    expect(env.SCALE_ALLOWED_SERVICES?.value?.split(',').sort()).toEqual([...shopApps].sort());
    // No HPA: its ceiling is the apps' autoscaling.maxReplicas (values.yaml: 6), above the one replica each runs.
    expect(env.SCALE_MAX?.value).toBe('6');
    const deployments = ofKind(objects, 'Deployment').map((d) => d.metadata.name);
    const names = shopApps.map((app) => `shopfast-${app}`);
    for (const name of names) expect(deployments, 'the template names real Deployments of the release').toContain(name);
    expect(pod.spec.serviceAccountName).toBe('shopfast-incident');
    expect(scaleRules(objects)).toEqual([[{ apiGroups: ['apps'], resources: ['deployments/scale'], resourceNames: names, verbs: ['get', 'patch'] }]]);
    expect(ofKind(objects, 'ClusterRole')).toEqual([]);
    const binding = ofKind(objects, 'RoleBinding').find((b) => componentOf(b) === 'incident')!;
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'shopfast-incident', namespace: 'shopfast' }]);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'shopfast-incident-scaler' });
  });

  it('an app under an HPA is left to it: out of the Role and of SCALE_ALLOWED_SERVICES, SCALE_MAX from the others', () => {
    const { objects } = render(MODES.laptop, ['--set', 'apps.order.autoscaling.enabled=true', '--set', 'apps.cart.autoscaling.maxReplicas=4']);
    const env = envOf(incidentOf(objects).spec.containers[0]!);
    expect(env.SCALER?.value).toBe('kubernetes');
    expect(env.SCALE_ALLOWED_SERVICES?.value?.split(',')).not.toContain('order');
    expect(env.SCALE_MAX?.value).toBe('4');
    const rules = scaleRules(objects) as unknown as Array<Array<{ resourceNames: string[] }>>;
    const names = rules[0]![0]!.resourceNames;
    expect(names).not.toContain('shopfast-order');
    expect(names.map((name) => name.replace('shopfast-', '')).sort()).toEqual(env.SCALE_ALLOWED_SERVICES!.value!.split(',').sort());
  });

  it('scaled: every app has an HPA, which would undo a manual scale-up: SCALER=log, no ServiceAccount, no Role', () => {
    const { objects } = renderMode('scaled');
    const pod = incidentOf(objects);
    const env = envOf(pod.spec.containers[0]!);
    expect(env.SCALER?.value).toBe('log');
    // What it would have scaled is still logged for every app.
    expect(env.SCALE_ALLOWED_SERVICES?.value?.split(',').sort()).toEqual([...shopApps].sort());
    expect(pod.spec.serviceAccountName).toBeUndefined();
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    expect(scaleRules(objects)).toEqual([]);
    expect(ofKind(objects, 'ServiceAccount').filter((sa) => componentOf(sa) === 'incident')).toEqual([]);
    expect(ofKind(objects, 'RoleBinding').filter((b) => componentOf(b) === 'incident')).toEqual([]);
  });

  it('PagerDuty and Slack credentials come from an optional Secret, not from the values', () => {
    const env = envOf(podTemplate(ofKind(renderMode('laptop').objects, 'Deployment').find((d) => componentOf(d) === 'incident')!).spec.containers[0]!);
    for (const key of ['PAGERDUTY_ROUTING_KEY', 'SLACK_WEBHOOK_URL_CRITICAL', 'SLACK_WEBHOOK_URL_PERFORMANCE', 'SLACK_WEBHOOK_URL_BUSINESS']) {
      expect(env[key]?.value, key).toBeUndefined();
      expect((env[key]?.valueFrom as { secretKeyRef?: { optional?: boolean } } | undefined)?.secretKeyRef?.optional, key).toBe(true);
    }
  });
});
