// infra/helm/shopfast, checked offline: `helm lint`, `helm template` in both modes (values.yaml, and values.yaml +
// values-scaled.yaml), every rendered object validated with kubernetes-validate --strict against the schemas of the
// oldest Kubernetes the chart supports, and the checks shown to reject what they should.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { versions } from '../../infra/versions';
import { HELM_BUILD_HINT, HELM_GO, HELM_VERSION, helmBinary, helmGoProblem } from '../../scripts/k8s/helm';
import { KUBERNETES_VALIDATE_HINT, kubernetesValidateBinary } from '../../scripts/k8s/kubernetes-validate';
import { kubernetesVersions } from '../../scripts/k8s/versions';
import { readRepoFile } from './compose-file';
import { chartDir, helm, kubernetesValidate, MODES, ofKind, OPTIONAL_PARTS, podTemplate, render, renderMode, templateArgs, validationProblems, type K8sObject } from './k8s-chart';

const SLOW = 60_000;
const renders = [
  ['laptop (values.yaml)', MODES.laptop, []],
  ['scaled (values.yaml + values-scaled.yaml)', MODES.scaled, []],
  ['laptop with the traffic generator and the fault scheduler', MODES.laptop, OPTIONAL_PARTS],
] as const;
interface ChartValues {
  stores: Record<'postgres' | 'redis' | 'mongo' | 'elasticsearch' | 'smtp', { image: string }>;
  jobs: { image: string };
}
const chartValues = (file: string) => parse(fs.readFileSync(path.join(chartDir, file), 'utf8')) as ChartValues;

describe('the chart tools npm test installs', () => {
  it(`helm ${HELM_VERSION} is built and reports its version`, () => {
    expect(fs.existsSync(helmBinary()), HELM_BUILD_HINT).toBe(true);
    expect(helm(['version', '--short']).stdout.trim()).toMatch(new RegExp(`^${HELM_VERSION.replace(/\./g, '\\.')}\\b`));
  });

  it('kubernetes-validate is installed', () => {
    expect(fs.existsSync(kubernetesValidateBinary()), KUBERNETES_VALIDATE_HINT).toBe(true);
  });

  it("the Go the helm build needs: helm's go.mod's, or an older Go that may fetch it (and the hint says the same)", () => {
    expect(HELM_GO).toBe('1.26');
    expect(HELM_BUILD_HINT).toContain('Go >= 1.26, or Go >= 1.21 with GOTOOLCHAIN=auto');
    expect(helmGoProblem('go1.26.8', 'local')).toBeUndefined();
    expect(helmGoProblem('go1.22.4', 'auto')).toBeUndefined();
    expect(helmGoProblem('go1.22.4', '')).toBeUndefined();
    expect(helmGoProblem('go1.22.4', 'go1.26.0')).toBeUndefined();
    expect(helmGoProblem('go1.22.4', 'go1.22.4+auto')).toBeUndefined();
    expect(helmGoProblem('go1.22.4', 'local')).toMatch(/needs Go >= 1\.26.*found go1\.22\.4 with GOTOOLCHAIN=local/);
    expect(helmGoProblem('go1.22.4', 'go1.22.4+path')).toMatch(/needs Go >= 1\.26/);
    expect(helmGoProblem('go1.19.8', '')).toMatch(/found go1\.19\.8 with GOTOOLCHAIN=\(unset\)/);
  });
});

describe('helm lint', () => {
  it.each(Object.entries(MODES))('%s values pass `helm lint --strict`', (_mode, files) => {
    const result = helm(['lint', '.', '--strict', '--kube-version', kubernetesVersions.schemaVersion, ...files.flatMap((file) => ['-f', file])]);
    expect(`${result.stdout}${result.stderr}\nexit ${result.status}`).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed[\s\S]*exit 0$/);
  }, SLOW);
});

describe('every rendered object is valid Kubernetes', () => {
  it.each(renders)('%s: kubernetes-validate --strict accepts all of it', (_name, files, extra) => {
    const { text, objects } = render(files, [...extra]);
    expect(objects.length).toBeGreaterThan(30);
    expect(validationProblems(text)).toEqual([]);
    // One "passed" line per object: nothing was let through unchecked.
    expect(kubernetesValidate(text).stdout.split('\n').filter((line) => / passed for resource /.test(line))).toHaveLength(objects.length);
  }, SLOW);

  it('is not a rubber stamp: a misspelt field in a rendered Deployment is rejected', () => {
    const { objects } = renderMode('laptop');
    const deployment = structuredClone(ofKind(objects, 'Deployment')[0]!);
    (podTemplate(deployment).spec.containers[0] as unknown as Record<string, unknown>).imagePullPolicyy = 'Always';
    const result = kubernetesValidate(JSON.stringify(deployment));
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(/'imagePullPolicyy' was unexpected/);
    expect(validationProblems(JSON.stringify(deployment))).toHaveLength(1);
  }, SLOW);

  it('is not a rubber stamp: an HPA of an API version Kubernetes 1.31 no longer serves counts as a problem', () => {
    const { objects } = renderMode('scaled');
    const hpa = { ...structuredClone(ofKind(objects, 'HorizontalPodAutoscaler')[0]!), apiVersion: 'autoscaling/v2beta1' };
    // kubernetes-validate only warns (exit 0) about a version it has no schema for; validationProblems counts it.
    expect(validationProblems(JSON.stringify(hpa))).toEqual([expect.stringMatching(/Couldn't find schema for kind HorizontalPodAutoscaler with api version autoscaling\/v2beta1/)]);
  }, SLOW);
});

describe('values are checked before anything renders', () => {
  it.each([
    ['a misspelt key (values.schema.json)', ['--set', 'edge.replica=2'], /additional properties 'replica' not allowed/],
    ['an app that does not exist', ['--set', 'apps.gatway.replicas=2'], /gatway/],
    ['a fault that does not exist', ['--set', 'faults.paymentLatencyy=100'], /faults\.paymentLatencyy: no such fault/],
    ['a fault value outside its range', ['--set', 'faults.paymentLatency=99999'], /faults\.paymentLatency: 99999 is outside 0-10000/],
    ['a number for a boolean fault', ['--set', 'faults.bankTimeout=1'], /faults\.bankTimeout: true or false/],
    ['an environment key the chart builds itself', ['--set', 'apps.order.env.DATABASE_URL=postgres://x@y/z'], /apps\.order: DATABASE_URL is set by the chart itself/],
    ['a Secret reference for a key the chart builds itself', ['--set', 'apps.gateway.secretEnv.TRUST_PROXY.name=x', '--set', 'apps.gateway.secretEnv.TRUST_PROXY.key=y'], /apps\.gateway: TRUST_PROXY is set by the chart itself/],
    ['a managed store without its port', ['--set', 'stores.redis.external.url=redis://cache.example.internal'], /must name its port/],
    ['the fault scheduler without the writable flags volume', ['--set', 'faultScheduler.enabled=true', '--set', 'flags.writableVolume.enabled=false'], /faultScheduler\.enabled needs flags\.writableVolume\.enabled/],
    ['a managed store URL with a path of its own', ['--set', 'stores.mongo.external.url=mongodb://docs.example.internal:27017/admin'], /stores\.mongo\.external\.url must have no path/],
    ['a URL Secret for a store whose apps each add their database', ['--set', 'stores.mongo.external.existingSecret.name=x'], /additional properties 'existingSecret' not allowed/],
    ["the incident scaler's own settings", ['--set', 'apps.incident.env.SCALER=compose'], /apps\.incident: SCALER is set by the chart itself/],
    ['SCALE_MAX by hand (it follows autoscaling.maxReplicas)', ['--set', 'apps.incident.env.SCALE_MAX=9'], /apps\.incident: SCALE_MAX is set by the chart itself/],
    ["an agent port as an app's env (datadog.agent sets it)", ['--set', 'apps.cart.env.DD_TRACE_AGENT_PORT=9126'], /apps\.cart: DD_TRACE_AGENT_PORT is set by the chart itself/],
    ['externalTrafficPolicy on a ClusterIP Service', ['--set', 'edge.service.externalTrafficPolicy=Local'], /applies to a NodePort or LoadBalancer Service only/],
    ['a realIpFrom entry that is no address', ['--set', 'edge.realIpFrom={everyone}'], /realIpFrom/],
  ])('%s fails `helm template`', (_name, args, message) => {
    const result = helm(templateArgs(MODES.laptop, args));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(message);
  });
});

describe('chart metadata and images', () => {
  const chart = parse(fs.readFileSync(path.join(chartDir, 'Chart.yaml'), 'utf8')) as { appVersion: string; kubeVersion: string };

  it("appVersion is the shop's version (package.json), the images' default tag and DD_VERSION", () => {
    expect(chart.appVersion).toBe((JSON.parse(readRepoFile('package.json')) as { version: string }).version);
    for (const deployment of ofKind(renderMode('laptop').objects, 'Deployment')) {
      expect(podTemplate(deployment).spec.containers[0]!.image, deployment.metadata.name).toMatch(new RegExp(`^shopfast/[a-z-]+:${chart.appVersion.replace(/\./g, '\\.')}$`));
    }
  });

  it('docs/kubernetes.md installs the Datadog Operator chart infra/versions.json pins', () => {
    expect(readRepoFile('docs/kubernetes.md')).toContain(`helm install datadog-operator datadog/datadog-operator -n datadog --create-namespace --version ${kubernetesVersions.datadogOperatorChart}`);
  });

  it('kubeVersion starts at the version every object is validated against', () => {
    expect(chart.kubeVersion).toBe(`>=${kubernetesVersions.schemaVersion}-0`);
  });

  it('image repository, registry and tag are values', () => {
    const { objects } = render(MODES.laptop, ['--set', 'image.registry=registry.example.com', '--set', 'image.tag=1.2.3', '--set', 'apps.cart.image.repository=acme/cart']);
    const images = Object.fromEntries(ofKind(objects, 'Deployment').map((d) => [d.metadata.name, podTemplate(d).spec.containers[0]!.image]));
    expect(images['shopfast-gateway']).toBe('registry.example.com/shopfast/gateway:1.2.3');
    expect(images['shopfast-cart']).toBe('registry.example.com/acme/cart:1.2.3');
    expect(images['shopfast-edge']).toBe('registry.example.com/shopfast/edge:1.2.3');
  });

  it('the stores and the jobs run the images infra/versions.json pins', () => {
    const values = chartValues('values.yaml');
    expect(values.stores.postgres.image).toBe(versions.images.postgres);
    expect(values.stores.redis.image).toBe(versions.images.redis);
    expect(values.stores.mongo.image).toBe(versions.images.mongo);
    expect(values.stores.elasticsearch.image).toBe(versions.images.elasticsearch);
    expect(values.stores.smtp.image).toBe(versions.images.mailpit);
    expect(values.jobs.image).toBe(versions.node.image);
  });
});

describe('the two modes', () => {
  const replicasOf = (objects: K8sObject[]) => Object.fromEntries(ofKind(objects, 'Deployment').map((d) => [d.metadata.name, (d.spec as { replicas?: number }).replicas]));

  it('laptop: one replica each, every store a StatefulSet in the cluster, no HPA', () => {
    const { objects } = renderMode('laptop');
    expect(new Set(Object.values(replicasOf(objects)))).toEqual(new Set([1]));
    expect(ofKind(objects, 'StatefulSet').map((s) => s.metadata.name).sort()).toEqual(['shopfast-elasticsearch', 'shopfast-mongo', 'shopfast-postgres', 'shopfast-redis', 'shopfast-smtp']);
    expect(ofKind(objects, 'HorizontalPodAutoscaler')).toEqual([]);
  });

  it('scaled: an autoscaling/v2 HPA of at least two replicas for every Deployment, no store in the cluster', () => {
    const { objects } = renderMode('scaled');
    const deployments = ofKind(objects, 'Deployment');
    const hpas = ofKind(objects, 'HorizontalPodAutoscaler');
    expect(hpas.map((h) => (h.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name).sort()).toEqual(deployments.map((d) => d.metadata.name).sort());
    for (const hpa of hpas) {
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect((hpa.spec as { minReplicas: number }).minReplicas).toBeGreaterThanOrEqual(2);
    }
    // The HPA owns the replica count.
    expect(Object.values(replicasOf(objects)).filter((replicas) => replicas !== undefined)).toEqual([]);
    expect(ofKind(objects, 'StatefulSet')).toEqual([]);
  });

  it.each(Object.keys(MODES) as Array<keyof typeof MODES>)('%s: a PodDisruptionBudget for every Deployment', (mode) => {
    const { objects } = renderMode(mode);
    const selectorOf = (object: K8sObject) => JSON.stringify((object.spec as { selector: { matchLabels: unknown } }).selector.matchLabels);
    expect(ofKind(objects, 'PodDisruptionBudget').map(selectorOf).sort()).toEqual(ofKind(objects, 'Deployment').map(selectorOf).sort());
  });

  it('the optional parts: the traffic generator (Deployment) and the fault scheduler (Job) against the gateway', () => {
    const { objects } = render(MODES.laptop, OPTIONAL_PARTS);
    const traffic = ofKind(objects, 'Deployment').find((d) => d.metadata.name === 'shopfast-traffic')!;
    expect(podTemplate(traffic).spec.containers[0]!.image).toMatch(/^shopfast\/tools:/);
    const scheduler = ofKind(objects, 'Job').find((j) => j.metadata.name.startsWith('shopfast-fault-scheduler'))!;
    expect(JSON.stringify(podTemplate(scheduler).spec.containers[0])).toContain('http://shopfast-gateway.shopfast.svc.cluster.local:5001');
    expect(ofKind(renderMode('laptop').objects, 'Deployment').map((d) => d.metadata.name)).not.toContain('shopfast-traffic');
  });
});

describe('the edge keeps the client address (the gateway limits requests per client)', () => {
  const edgeOf = (objects: K8sObject[]) => ({
    service: ofKind(objects, 'Service').find((svc) => svc.metadata.name === 'shopfast-edge')!,
    deployment: ofKind(objects, 'Deployment').find((d) => d.metadata.name === 'shopfast-edge')!,
    realIp: ofKind(objects, 'ConfigMap').find((c) => c.metadata.name === 'shopfast-edge-real-ip'),
  });

  it('scaled: a LoadBalancer with externalTrafficPolicy Local (no SNAT to the node address); laptop: a ClusterIP without one', () => {
    expect(edgeOf(renderMode('scaled').objects).service.spec).toMatchObject({ type: 'LoadBalancer', externalTrafficPolicy: 'Local' });
    const laptop = edgeOf(renderMode('laptop').objects).service.spec!;
    expect(laptop.type).toBe('ClusterIP');
    expect(laptop).not.toHaveProperty('externalTrafficPolicy');
  });

  it("edge.service.annotations reach the Service (a cloud load balancer's settings)", () => {
    const { service } = edgeOf(render(MODES.scaled, ['--set', 'edge.service.annotations.service\\.beta\\.kubernetes\\.io/aws-load-balancer-type=nlb']).objects);
    expect(service.metadata.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' });
  });

  it('edge.realIpFrom: NGINX takes X-Forwarded-For from those proxies only, in a file beside the rendered template', () => {
    const { deployment, realIp } = edgeOf(render(MODES.laptop, ['--set', 'edge.realIpFrom={10.0.0.0/8,192.168.1.7}']).objects);
    expect(realIp!.data!['real-ip.conf']!.split('\n').filter(Boolean)).toEqual([
      'set_real_ip_from 10.0.0.0/8;',
      'set_real_ip_from 192.168.1.7;',
      'real_ip_header X-Forwarded-For;',
      'real_ip_recursive on;',
    ]);
    const pod = podTemplate(deployment);
    // In conf.d, which the image's nginx.conf includes at the http level, like the rendered shopfast.conf.
    expect(pod.spec.containers[0]!.volumeMounts).toContainEqual({ name: 'real-ip', mountPath: '/etc/nginx/conf.d/real-ip.conf', subPath: 'real-ip.conf', readOnly: true });
    expect(pod.spec.volumes).toContainEqual({ name: 'real-ip', configMap: { name: 'shopfast-edge-real-ip' } });
    // A subPath file is not refreshed in place: a change of the list rolls the pods.
    expect(pod.metadata.annotations?.['checksum/real-ip']).toMatch(/^[0-9a-f]{64}$/);
    // The shared template sets no realip directive of its own, so the http-level ones apply to its servers.
    expect(readRepoFile('infra/nginx/templates/shopfast.conf.template')).not.toMatch(/^\s*(set_real_ip_from|real_ip_header)/m);
    expect(edgeOf(renderMode('laptop').objects).realIp).toBeUndefined();
  });

  it("the edge's resolver is the cluster DNS under clusterDomain", () => {
    const env = (objects: K8sObject[]) => Object.fromEntries((podTemplate(edgeOf(objects).deployment).spec.containers[0]!.env ?? []).map((e) => [e.name, e.value]));
    expect(env(renderMode('laptop').objects).SHOPFAST_RESOLVER).toBe('kube-dns.kube-system.svc.cluster.local');
    expect(env(render(MODES.laptop, ['--set', 'clusterDomain=corp.example']).objects).SHOPFAST_RESOLVER).toBe('kube-dns.kube-system.svc.corp.example');
  });
});

describe('managed stores', () => {
  const envOf = (objects: K8sObject[], app: string) =>
    Object.fromEntries((podTemplate(ofKind(objects, 'Deployment').find((d) => d.metadata.name === `shopfast-${app}`)!).spec.containers[0]!.env ?? []).map((e) => [e.name, e]));

  it("options in the URL's query stay in the query, after each app's database", () => {
    const { objects } = render(MODES.scaled, [
      '--set', 'stores.postgres.external.url=postgres://shopfast@db.example.internal:5432?sslmode=require',
      '--set', 'stores.mongo.external.url=mongodb://docs.example.internal:27017/?tls=true&replicaSet=rs0',
    ]);
    expect(envOf(objects, 'user').DATABASE_URL?.value).toBe('postgres://shopfast@db.example.internal:5432/shopfast_user?sslmode=require');
    expect(envOf(objects, 'order').DATABASE_URL?.value).toBe('postgres://shopfast@db.example.internal:5432/shopfast_order?sslmode=require');
    expect(envOf(objects, 'product').MONGODB_URL?.value).toBe('mongodb://docs.example.internal:27017/shopfast_catalog?tls=true&replicaSet=rs0');
    expect(envOf(objects, 'inventory').MONGODB_URL?.value).toBe('mongodb://docs.example.internal:27017/shopfast_inventory?tls=true&replicaSet=rs0');
  });

  it('stores.redis.external.existingSecret: every app gets the whole URL from the Secret; the policies still open the port of url', () => {
    const { objects, text } = render(MODES.scaled, ['--set', 'stores.redis.external.url=rediss://shopfast-cache.example.internal:6380', '--set', 'stores.redis.external.existingSecret.name=shopfast-redis']);
    const users = ['product', 'cart', 'order', 'inventory', 'shipping', 'notification', 'gateway'];
    for (const app of users) {
      const entry = envOf(objects, app).REDIS_URL!;
      expect(entry.value, app).toBeUndefined();
      expect(entry.valueFrom?.secretKeyRef, app).toEqual({ name: 'shopfast-redis', key: 'url' });
    }
    expect(text).not.toContain('rediss://');
    const cart = ofKind(objects, 'NetworkPolicy').find((p) => p.metadata.name === 'shopfast-cart')!;
    expect(JSON.stringify(cart.spec)).toContain('{"to":[{"ipBlock":{"cidr":"10.0.0.0/8"}}],"ports":[{"port":6380,"protocol":"TCP"}]}');
  });
});
