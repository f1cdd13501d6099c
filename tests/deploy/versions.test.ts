// infra/versions.json is the one list of pinned versions. What cannot read it (Dockerfiles, compose
// files, package.json, the Node bootstrap script, .nvmrc) repeats it, and this test fails on any drift.
import { describe, expect, it } from 'vitest';
import { imageTag, versions } from '../../infra/versions';
import { FERRETDB_VERSION } from '../../scripts/stack/components/ferretdb';
import { ES_VERSION } from '../../scripts/stack/components/elasticsearch';
import { TEST_AGENT_VERSION } from '../../scripts/stack/components/test-agent';
import { loadCompose, readRepoFile } from './compose-file';

const compose = loadCompose();
const testAgentCompose = loadCompose('docker-compose.test-agent.yml');
const json = (file: string) => JSON.parse(readRepoFile(file)) as { engines?: { node?: string }; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };

describe('infra/versions.json against every file that repeats it', () => {
  it.each([
    ['postgres', versions.images.postgres],
    ['mongo', versions.images.mongo],
    ['redis', versions.images.redis],
    ['elasticsearch', versions.images.elasticsearch],
    ['mailpit', versions.images.mailpit],
    ['datadog-agent', versions.images.datadogAgent],
    ['traffic', versions.node.image],
  ])('compose service %s runs %s, its version label matching', (service, image) => {
    const definition = compose.services[service]!;
    expect(definition.image).toBe(image);
    if (service !== 'traffic') expect(definition.labels!['com.datadoghq.tags.version']!.replace(/^v/, '')).toBe(imageTag(image).replace(/^v/, ''));
  });

  it('the test-agent override runs the release the local stack installs from PyPI', () => {
    const testAgent = testAgentCompose.services['test-agent']!;
    expect(testAgent.image).toBe(versions.images.testAgent);
    expect(imageTag(versions.images.testAgent)).toBe(`v${versions.local.testAgent}`);
    expect(testAgent.labels!['com.datadoghq.tags.version']).toBe(versions.local.testAgent);
    expect(TEST_AGENT_VERSION).toBe(versions.local.testAgent);
  });

  it('the local stand-ins run the same Elasticsearch as the image, and the pinned FerretDB', () => {
    expect(imageTag(versions.images.elasticsearch)).toBe(versions.local.elasticsearch);
    expect(ES_VERSION).toBe(versions.local.elasticsearch);
    expect(FERRETDB_VERSION).toBe(versions.local.ferretdb);
  });

  it.each(['infra/docker/node-service.Dockerfile', 'infra/docker/edge.Dockerfile'])('%s builds and runs on the Node image', (file) => {
    const dockerfile = readRepoFile(file);
    expect(dockerfile).toContain(`ARG NODE_IMAGE=${versions.node.image}`);
    // Every base image is the Node image, an earlier stage, or (edge runtime) nginx.
    const stageNames = [...dockerfile.matchAll(/^FROM \S+ AS (\S+)/gm)].map((m) => m[1]);
    const bases = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]!);
    expect(bases.filter((base) => base !== '${NODE_IMAGE}' && !stageNames.includes(base) && base !== versions.images.nginx)).toEqual([]);
  });

  it('the edge serves from the maintained nginx-unprivileged line', () => {
    expect(readRepoFile('infra/docker/edge.Dockerfile')).toContain(`FROM ${versions.images.nginx} AS runtime`);
  });

  it('Node: the image major, .nvmrc, engines and the Node the bootstrap script brings agree', () => {
    expect(versions.node.image).toMatch(new RegExp(`^node:${versions.node.major}-`));
    expect(versions.node.local.split('.')[0]).toBe(String(versions.node.major));
    expect(readRepoFile('.nvmrc').trim()).toBe(String(versions.node.major));
    expect(json('package.json').engines?.node).toBe(`^${versions.node.minimumMajor}.12.0 || ^${versions.node.major}.0.0`);
    const script = readRepoFile('scripts/node/ensure-node.sh');
    expect(script).toMatch(new RegExp(`^NODE_VERSION=${versions.node.local.replace(/\./g, '\\.')}\\b`, 'm'));
    expect(script).toMatch(new RegExp(`^MIN_MAJOR=${versions.node.minimumMajor}$`, 'm'));
  });

  it('npm pins: dd-trace in the tracing package, the browser SDKs in the storefront', () => {
    expect(json('packages/tracing/package.json').dependencies?.['dd-trace']).toBe(versions.npm['dd-trace']);
    expect(versions.npm['dd-trace']).toMatch(/^6\./);
    const web = json('web/package.json').dependencies ?? {};
    expect(web['@datadog/browser-rum']).toBe(versions.npm['@datadog/browser-rum']);
    expect(web['@datadog/browser-logs']).toBe(versions.npm['@datadog/browser-logs']);
  });
});
