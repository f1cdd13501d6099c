// The NetworkPolicies allow exactly the calls the code makes. The call graph is computed here from
// scripts/stack/app-services.ts (each *_SERVICE_URL is a call to that app, each store URL a use of that store),
// independently of the chart's generated files/apps.json, and compared in both directions with the rendered
// policies: every edge the code uses is allowed on the caller's egress and on the callee's ingress, and every
// allowed edge is one the code uses or one of the few infrastructure paths listed here with their reason.
import { describe, expect, it } from 'vitest';
import { buildAppServices } from '../../scripts/stack/app-services';
import { componentOf, MODES, ofKind, OPTIONAL_PARTS, render, type K8sObject } from './k8s-chart';

type Store = 'postgres' | 'redis' | 'mongo' | 'elasticsearch' | 'smtp';
const STORE_KEYS: Record<string, Store> = { DATABASE_URL: 'postgres', REDIS_URL: 'redis', MONGODB_URL: 'mongo', ELASTICSEARCH_URL: 'elasticsearch', SMTP_URL: 'smtp' };
const STORE_PORTS: Record<Store, number> = { postgres: 5432, redis: 6379, mongo: 27017, elasticsearch: 9200, smtp: 1025 };
/** Calls to services outside the cluster (the local stack points them at its alert sink): HTTPS to the internet. */
const EXTERNAL_KEYS = /^(PAGERDUTY_EVENTS_URL|SLACK_WEBHOOK_URL_[A-Z]+)$/;
const EXTERNAL_STORE_PORTS = { postgres: 5432, redis: 6379, mongo: 27017, elasticsearch: 9200, smtp: 587 } as const;

const local = buildAppServices();
const appPorts = Object.fromEntries(local.map((app) => [app.name, app.port]));

interface CallGraph {
  /** "caller -> callee:port" between pods of the release. */
  internal: Set<string>;
  /** "app -> store:port" for stores outside the cluster. */
  external: Set<string>;
  /** Apps that call HTTPS services on the internet. */
  internet: Set<string>;
}

/** The calls of the code: from each app's environment, then the edge, and the optional jobs, to the gateway. */
function callGraph(storesInCluster: boolean, optional: boolean): CallGraph {
  const graph: CallGraph = { internal: new Set(), external: new Set(), internet: new Set() };
  for (const app of local) {
    for (const [key, value] of Object.entries(app.env)) {
      const peer = /^([A-Z]+)_SERVICE_URL$/.exec(key)?.[1]?.toLowerCase();
      const store = STORE_KEYS[key];
      if (peer) {
        expect(appPorts[peer], `${app.name} ${key}: an app of the stack`).toBeDefined();
        expect(new URL(value).port, `${app.name} ${key}`).toBe(String(appPorts[peer]));
        graph.internal.add(`${app.name} -> ${peer}:${appPorts[peer]}`);
      } else if (store) {
        if (storesInCluster) graph.internal.add(`${app.name} -> ${store}:${STORE_PORTS[store]}`);
        else graph.external.add(`${app.name} -> ${store}:${EXTERNAL_STORE_PORTS[store]}`);
      } else if (EXTERNAL_KEYS.test(key)) {
        graph.internet.add(app.name);
      } else {
        // Any other URL is a call this test does not know: teach it, and the chart, about it.
        expect(value, `${app.name} ${key}: a URL neither a peer, a store nor an outside service`).not.toMatch(/^[a-z]+:\/\//);
      }
    }
  }
  graph.internal.add(`edge -> gateway:${appPorts.gateway}`);
  if (optional) for (const job of ['traffic', 'fault-scheduler']) graph.internal.add(`${job} -> gateway:${appPorts.gateway}`);
  return graph;
}

interface Peer {
  podSelector?: { matchLabels?: Record<string, string> };
  namespaceSelector?: { matchLabels?: Record<string, string> };
  ipBlock?: { cidr: string };
}
interface Rule {
  to?: Peer[];
  from?: Peer[];
  ports?: Array<{ port: number; protocol: string }>;
}
interface PolicySpec {
  podSelector: { matchLabels: Record<string, string> };
  policyTypes: string[];
  ingress?: Rule[];
  egress?: Rule[];
}

/** A rule's ports; a rule without ports allows every port: `*`, which no expected edge has. */
const portsOf = (rule: Rule) => (rule.ports?.length ? rule.ports.map((p) => `${p.port}/${p.protocol}`).sort() : ['*']);
const portNumbers = (rule: Rule) => (rule.ports?.length ? rule.ports.map((p) => String(p.port)) : ['*']);
const RELEASE_LABELS = { 'app.kubernetes.io/name': 'shopfast', 'app.kubernetes.io/instance': 'shopfast' };
/** A pod of this release: a selector without the instance label would also match another release's pods. */
const ofRelease = (peer: Peer) => Object.entries(RELEASE_LABELS).every(([label, value]) => peer.podSelector?.matchLabels?.[label] === value);
const isDns = (peer: Peer) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'kube-system' && peer.podSelector?.matchLabels?.['k8s-app'] === 'kube-dns';
const isDatadog = (peer: Peer) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'datadog' && !peer.podSelector;

interface Allowed {
  internalEgress: Set<string>;
  internalIngress: Set<string>;
  external: Set<string>;
  internet: Set<string>;
  apiServer: Set<string>;
  fromDatadog: Set<string>;
  publicIngress: Set<string>;
  dnsAndAgent: Set<string>;
  unclassified: string[];
}

/** Reads every rule of every policy into the edges it allows; a rule of no known kind is reported as unclassified. */
function allowedBy(objects: K8sObject[]): Allowed {
  const allowed: Allowed = { internalEgress: new Set(), internalIngress: new Set(), external: new Set(), internet: new Set(), apiServer: new Set(), fromDatadog: new Set(), publicIngress: new Set(), dnsAndAgent: new Set(), unclassified: [] };
  for (const policy of ofKind(objects, 'NetworkPolicy')) {
    const spec = policy.spec as unknown as PolicySpec;
    const self = spec.podSelector.matchLabels['app.kubernetes.io/component'];
    if (!self) continue; // the default deny (checked below)
    if (!ofRelease(spec)) allowed.unclassified.push(`${self}: the policy selects pods of any release`);
    let dns = false;
    let agent = false;
    for (const rule of spec.egress ?? []) {
      const ports = portsOf(rule);
      if (!rule.to) {
        if (JSON.stringify(ports) === JSON.stringify(['8125/UDP', '8126/TCP'])) agent = true;
        else allowed.unclassified.push(`${self} egress to anywhere on ${ports.join(',')}`);
        continue;
      }
      for (const peer of rule.to) {
        const target = peer.podSelector?.matchLabels?.['app.kubernetes.io/component'];
        if (isDns(peer)) dns = JSON.stringify(ports) === JSON.stringify(['53/TCP', '53/UDP']);
        else if (target && !peer.namespaceSelector && ofRelease(peer)) for (const port of portNumbers(rule)) allowed.internalEgress.add(`${self} -> ${target}:${port}`);
        else if (peer.ipBlock && JSON.stringify(ports) === JSON.stringify(['443/TCP', '6443/TCP'])) allowed.apiServer.add(self);
        else if (peer.ipBlock && JSON.stringify(ports) === JSON.stringify(['443/TCP'])) allowed.internet.add(self);
        else if (peer.ipBlock && ports.length === 1) {
          const port = Number(ports[0]!.split('/')[0]);
          const store = (Object.entries(EXTERNAL_STORE_PORTS) as Array<[Store, number]>).find(([, p]) => p === port)?.[0];
          if (store) allowed.external.add(`${self} -> ${store}:${port}`);
          else allowed.unclassified.push(`${self} egress to ${peer.ipBlock.cidr} on ${ports.join(',')}`);
        } else allowed.unclassified.push(`${self} egress to ${JSON.stringify(peer)}`);
      }
    }
    if (dns && agent) allowed.dnsAndAgent.add(self);
    for (const rule of spec.ingress ?? []) {
      if (!rule.from) {
        allowed.publicIngress.add(`${self}:${portsOf(rule).join(',')}`);
        continue;
      }
      for (const peer of rule.from) {
        const source = peer.podSelector?.matchLabels?.['app.kubernetes.io/component'];
        if (isDatadog(peer)) allowed.fromDatadog.add(`${self}:${portsOf(rule).join(',')}`);
        else if (source && !peer.namespaceSelector && ofRelease(peer)) for (const port of portNumbers(rule)) allowed.internalIngress.add(`${source} -> ${self}:${port}`);
        else allowed.unclassified.push(`${self} ingress from ${JSON.stringify(peer)}`);
      }
    }
  }
  return allowed;
}

/** [name, values files, extra flags, stores in the cluster, optional parts on, incident scales through the API server]. */
const renders = [
  ['laptop', MODES.laptop, [], true, false, true],
  // Every app under an HPA: the incident service only logs (SCALER=log), so it needs no API server.
  ['scaled', MODES.scaled, [], false, false, false],
  ['laptop + optional parts', MODES.laptop, OPTIONAL_PARTS, true, true, true],
] as const;

describe.each(renders)('%s: NetworkPolicies = the code\'s call graph', (_mode, files, extra, storesInCluster, optional, scalesThroughApi) => {
  const { objects } = render(files, [...extra]);
  const graph = callGraph(storesInCluster, optional);
  const allowed = allowedBy(objects);
  const sorted = (set: Set<string>) => [...set].sort();

  it('everything of the release is denied by default, ingress and egress', () => {
    const deny = ofKind(objects, 'NetworkPolicy').find((p) => componentOf(p) === 'default-deny')!;
    expect(deny.spec).toEqual({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'shopfast', 'app.kubernetes.io/instance': 'shopfast' } }, policyTypes: ['Ingress', 'Egress'] });
  });

  it('every call between pods is allowed on the caller\'s egress, and nothing else is', () => {
    expect(sorted(allowed.internalEgress)).toEqual(sorted(graph.internal));
  });

  it('every call between pods is allowed on the callee\'s ingress, and nothing else is', () => {
    expect(sorted(allowed.internalIngress)).toEqual(sorted(graph.internal));
  });

  it('managed stores: each app reaches exactly the stores it uses, on their ports', () => {
    expect(sorted(allowed.external)).toEqual(sorted(graph.external));
  });

  it('outside the cluster: HTTPS only for apps that call an outside service, the API server only for the secrets Job and a kubernetes scaler', () => {
    expect(sorted(allowed.internet)).toEqual(sorted(graph.internet));
    expect(sorted(allowed.apiServer)).toEqual(scalesThroughApi ? ['incident', 'secrets'] : ['secrets']);
  });

  it('every pod that sends telemetry may ask the DNS and reach the agent\'s hostPorts', () => {
    const senders = ofKind(objects, 'Deployment').map((d) => componentOf(d)!);
    for (const sender of senders) expect(allowed.dnsAndAgent, sender).toContain(sender);
  });

  it('from outside the release: the edge\'s public port, and the Datadog agent\'s checks', () => {
    expect(sorted(allowed.publicIngress)).toEqual(['edge:8080/TCP']);
    const checked = storesInCluster ? ['elasticsearch:9200/TCP', 'mongo:27017/TCP', 'postgres:5432/TCP', 'redis:6379/TCP'] : [];
    expect(sorted(allowed.fromDatadog)).toEqual([...checked, 'edge:8081/TCP', 'gateway:5001/TCP'].sort());
  });

  it('no rule is of an unknown kind', () => {
    expect(allowed.unclassified).toEqual([]);
  });
});

describe('the comparison itself', () => {
  it('notices a missing call and an extra one', () => {
    const { objects } = render(MODES.laptop);
    const tampered = structuredClone(objects);
    const order = tampered.find((o) => o.kind === 'NetworkPolicy' && componentOf(o) === 'order')!;
    const egress = (order.spec as unknown as PolicySpec).egress!;
    // Drop order -> payment, add order -> product.
    const paymentRule = egress.findIndex((rule) => rule.to?.[0]?.podSelector?.matchLabels?.['app.kubernetes.io/component'] === 'payment');
    egress.splice(paymentRule, 1, { to: [{ podSelector: { matchLabels: { ...RELEASE_LABELS, 'app.kubernetes.io/component': 'product' } } }], ports: [{ port: 5102, protocol: 'TCP' }] });
    const allowed = [...allowedBy(tampered).internalEgress];
    expect(allowed).toContain('order -> product:5102');
    expect(allowed).not.toContain('order -> payment:5105');
  });

  const policyOf = (objects: K8sObject[], component: string) => ofKind(objects, 'NetworkPolicy').find((o) => componentOf(o) === component)!.spec as unknown as PolicySpec;
  const peer = (component: string) => ({ podSelector: { matchLabels: { ...RELEASE_LABELS, 'app.kubernetes.io/component': component } } });

  it('notices a rule without ports (every port) to a pod the code calls on one, or not at all', () => {
    const tampered = structuredClone(render(MODES.laptop).objects);
    policyOf(tampered, 'notification').egress!.push({ to: [peer('user'), peer('postgres')] });
    policyOf(tampered, 'user').ingress!.push({ from: [peer('notification')] });
    const allowed = allowedBy(tampered);
    expect([...allowed.internalEgress]).toEqual(expect.arrayContaining(['notification -> user:*', 'notification -> postgres:*']));
    expect([...allowed.internalIngress]).toContain('notification -> user:*');
    expect([...allowed.internalEgress].sort()).not.toEqual([...callGraph(true, false).internal].sort());
  });

  it('refuses a peer or a policy that does not name the release (it would match pods of another one)', () => {
    const tampered = structuredClone(render(MODES.laptop).objects);
    const order = policyOf(tampered, 'order');
    delete order.egress![0]!.to![0]!.podSelector!.matchLabels!['app.kubernetes.io/instance'];
    delete policyOf(tampered, 'cart').podSelector.matchLabels['app.kubernetes.io/instance'];
    const { unclassified } = allowedBy(tampered);
    expect(unclassified).toEqual(expect.arrayContaining([expect.stringMatching(/^order egress to /), 'cart: the policy selects pods of any release']));
  });
});

describe('the agent\'s ports are values', () => {
  it('datadog.agent.apmPort / dogstatsdPort: the ports every pod may send to, and what every app sends to', () => {
    const { objects } = render(MODES.laptop, ['--set', 'datadog.agent.apmPort=18126', '--set', 'datadog.agent.dogstatsdPort=18125']);
    const deployments = ofKind(objects, 'Deployment');
    expect(deployments.length).toBeGreaterThan(10);
    for (const deployment of deployments) {
      const policy = ofKind(objects, 'NetworkPolicy').find((p) => componentOf(p) === componentOf(deployment))!;
      const agentRules = (policy.spec as unknown as PolicySpec).egress!.filter((rule) => !rule.to);
      expect(agentRules.map(portsOf), policy.metadata.name).toEqual([['18125/UDP', '18126/TCP']]);
    }
    for (const deployment of deployments.filter((d) => appPorts[componentOf(d)!])) {
      const env = Object.fromEntries(((deployment.spec as { template: { spec: { containers: Array<{ env: Array<{ name: string; value?: string }> }> } } }).template.spec.containers[0]!.env).map((e) => [e.name, e.value]));
      expect([env.DD_TRACE_AGENT_PORT, env.DD_DOGSTATSD_PORT], deployment.metadata.name).toEqual(['18126', '18125']);
    }
  });
});
