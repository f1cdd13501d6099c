// One source of keys: per app, the environment the chart renders, the one docker-compose.yml gives it and its own
// zod config schema must name the same keys, and the chart's must pass the schema. The chart's environment is
// generated from scripts/stack/app-services.ts (scripts/k8s/chart-apps.ts, into files/apps.json), so this also
// fails when that file is stale. Differences between compose and the chart are allowed only when listed below.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { loadConfig } from '@shopfast/service-kit';
import { deploymentDifferences, type ChartApps } from '../../scripts/k8s/chart-apps';
import { staleChartFiles } from '../../scripts/k8s/chart-files';
import { buildAppServices } from '../../scripts/stack/app-services';
import { appServices as composeApps, loadCompose, readRepoFile, repoRoot } from './compose-file';
import { componentOf, MODES, ofKind, podTemplate, renderMode, type Container, type K8sObject } from './k8s-chart';

/**
 * Keys one deployment has and the other has not, on purpose: app (or '*') -> key -> why. Everything else is the
 * same in both (secrets are files in both, the fault flags a file in both).
 */
const DEPLOYMENT_SPECIFIC: { composeOnly: Record<string, Record<string, string>>; chartOnly: Record<string, Record<string, string>> } = {
  composeOnly: {},
  chartOnly: {
    incident: {
      K8S_DEPLOYMENT_TEMPLATE: "SCALER=kubernetes: the release's Deployment names (<fullname>-{service}); compose scales compose services",
      SCALE_ALLOWED_SERVICES: 'the chart scales only the apps without an HPA (an HPA would undo a manual scale-up); compose has no HPA, all apps',
      SCALE_MAX: "the smallest autoscaling.maxReplicas of the apps the chart lets it scale; compose keeps the service's default",
    },
  },
};

const chartApps = (JSON.parse(readRepoFile('infra/helm/shopfast/files/apps.json')) as ChartApps).apps;
const compose = Object.fromEntries(composeApps(loadCompose()).map((app) => [app.name, app]));
const isDatadog = (key: string) => key.startsWith('DD_');
const allowed = (list: Record<string, Record<string, string>>, app: string) => new Set([...Object.keys(list['*'] ?? {}), ...Object.keys(list[app] ?? {})]);

/** Keys in `a` and not in `b`, and the reverse, less the allowed ones: what the parity test reports. */
function keyDifferences(app: string, chart: string[], composeKeys: string[]): { missingInChart: string[]; missingInCompose: string[] } {
  const composeOnly = allowed(DEPLOYMENT_SPECIFIC.composeOnly, app);
  const chartOnly = allowed(DEPLOYMENT_SPECIFIC.chartOnly, app);
  return {
    missingInChart: composeKeys.filter((key) => !chart.includes(key) && !composeOnly.has(key)).sort(),
    missingInCompose: chart.filter((key) => !composeKeys.includes(key) && !chartOnly.has(key)).sort(),
  };
}

const deploymentOf = (objects: K8sObject[], app: string) => ofKind(objects, 'Deployment').find((d) => componentOf(d) === app);
const containerOf = (objects: K8sObject[], app: string): Container => podTemplate(deploymentOf(objects, app)!).spec.containers[0]!;

/** The environment a pod of the rendered Deployment sees (downward API values resolved as Kubernetes would). */
function podEnv(deployment: K8sObject): Record<string, string> {
  const pod = podTemplate(deployment);
  const labels = pod.metadata.labels ?? {};
  const env: Record<string, string> = {};
  for (const entry of pod.spec.containers[0]!.env ?? []) {
    const fieldPath = entry.valueFrom?.fieldRef?.fieldPath;
    const label = fieldPath && /^metadata\.labels\['(.+)'\]$/.exec(fieldPath)?.[1];
    env[entry.name] = entry.value ?? (label ? labels[label]! : fieldPath === 'status.hostIP' ? '10.0.0.7' : '');
  }
  return env;
}

async function schemaOf(workspace: string): Promise<z.ZodObject> {
  const module = (await import(path.join(repoRoot, workspace, 'src', 'config.ts'))) as { configSchema?: z.ZodObject };
  if (!module.configSchema) throw new Error(`${workspace}/src/config.ts exports no configSchema`);
  return module.configSchema;
}

const requiredKeys = (schema: z.ZodObject) => Object.entries(schema.shape).filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success).map(([key]) => key);

describe('the chart is generated from the one definition of each app', () => {
  it('files/ is up to date with its sources (else: npx tsx scripts/k8s/cli.ts sync)', () => {
    expect(staleChartFiles()).toEqual([]);
  });

  it('files/apps.json has every app of scripts/stack/app-services.ts, and compose runs the same apps', () => {
    const local = buildAppServices().map((app) => app.name).sort();
    expect(chartApps.map((app) => app.name).sort()).toEqual(local);
    expect(Object.keys(compose).sort()).toEqual(local);
  });
});

describe.each(chartApps.map((app) => [app.name, app] as const))('%s: chart, compose and config schema agree', (name, app) => {
  const laptop = renderMode('laptop').objects;
  const chartKeys = (containerOf(laptop, name).env ?? []).map((entry) => entry.name);

  it('the chart renders it in both modes with the same keys', () => {
    expect(deploymentOf(laptop, name), 'a Deployment').toBeDefined();
    expect((containerOf(renderMode('scaled').objects, name).env ?? []).map((entry) => entry.name).sort()).toEqual([...chartKeys].sort());
    expect(new Set(chartKeys).size, 'no key twice').toBe(chartKeys.length);
  });

  it('chart keys = compose keys (docker-compose.yml), but the listed deployment-specific ones', () => {
    const composeKeys = Object.keys(compose[name]?.service.environment ?? {});
    expect(composeKeys.length, `compose service ${name}`).toBeGreaterThan(0);
    expect(keyDifferences(name, chartKeys, composeKeys)).toEqual({ missingInChart: [], missingInCompose: [] });
  });

  it('chart keys = the local stack keys with the declared deployment differences', () => {
    const local = buildAppServices().find((service) => service.name === name)!;
    const expected = new Set(Object.keys(local.env).filter((key) => !(key in deploymentDifferences.removed)));
    for (const [key, difference] of Object.entries(deploymentDifferences.added)) if (difference.value(app)) expected.add(key);
    for (const key of allowed(DEPLOYMENT_SPECIFIC.chartOnly, name)) expected.add(key);
    expect([...chartKeys].sort()).toEqual([...expected].sort());
  });

  it('every non-DD_ key is a key of its config schema, and every required key is set', async () => {
    const schema = await schemaOf(app.workspace);
    const schemaKeys = new Set(Object.keys(schema.shape));
    expect(chartKeys.filter((key) => !isDatadog(key) && !schemaKeys.has(key)), 'keys the service never reads').toEqual([]);
    expect(requiredKeys(schema).filter((key) => !chartKeys.includes(key)), 'required keys the chart does not set').toEqual([]);
  });

  it.each(Object.keys(MODES) as Array<keyof typeof MODES>)('%s: what a pod sees passes the schema', async (mode) => {
    const env = podEnv(deploymentOf(renderMode(mode).objects, name)!);
    const config = loadConfig(name, await schemaOf(app.workspace), env) as Record<string, unknown>;
    expect(config.DD_SERVICE).toBe(name);
    expect(config.PORT).toBe(app.port);
    expect(config.HOST).toBe('0.0.0.0');
  });
});

describe('the parity check itself', () => {
  it('reports a key compose has and the chart has not, and the reverse', () => {
    expect(keyDifferences('cart', ['PORT', 'REDIS_URL'], ['PORT', 'REDIS_URL', 'CART_TTL_SECONDS'])).toEqual({ missingInChart: ['CART_TTL_SECONDS'], missingInCompose: [] });
    expect(keyDifferences('cart', ['PORT', 'REDIS_URL', 'CART_MAX_LINES'], ['PORT', 'REDIS_URL'])).toEqual({ missingInChart: [], missingInCompose: ['CART_MAX_LINES'] });
  });
});
