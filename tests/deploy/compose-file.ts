// Reads docker-compose.yml the way `docker compose` does, without an engine: YAML with anchors and
// merge keys, then ${VAR} interpolation with the values a fresh clone gets from .env.example.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const composeFiles = ['docker-compose.yml', 'docker-compose.test-agent.yml', 'docker-compose.network-monitoring.yml'] as const;

export interface ComposeService {
  image?: string;
  command?: string[] | string;
  build?: { context: string; dockerfile: string; target?: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  labels?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
  mem_limit?: string;
  restart?: string;
  logging?: { driver: string; options?: Record<string, string> };
  profiles?: string[];
  volumes?: string[];
  cap_add?: string[];
  security_opt?: string[];
  pid?: string;
  cgroup?: string;
  ports?: string[];
  entrypoint?: string[];
  networks?: Record<string, { aliases?: string[]; ipv4_address?: string }>;
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  networks?: Record<string, { ipam?: { config?: Array<{ subnet?: string }> } }>;
}

export const readRepoFile = (file: string) => fs.readFileSync(path.join(repoRoot, file), 'utf8');

/** KEY=VALUE lines of .env.example (comments and blank lines skipped; no quoting is used there). */
export function envExample(): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of readRepoFile('.env.example').split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) values[match[1]!] = match[2]!;
  }
  return values;
}

const VARIABLE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Compose interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, $VAR and $$. */
export function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(VARIABLE, (whole, braced?: string, op?: string, operand?: string, bare?: string) => {
    if (whole === '$$') return '$';
    const name = braced ?? bare!;
    const value = env[name];
    if (op === ':-') return value === undefined || value === '' ? operand! : value;
    if (op === '-') return value === undefined ? operand! : value;
    if (op === ':?' || op === '?') {
      if (value === undefined || (op === ':?' && value === '')) throw new Error(`${name}: ${operand}`);
      return value;
    }
    return value ?? '';
  });
}

/** Every variable name a file interpolates. */
export function referencedVariables(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(VARIABLE)) {
    const name = match[1] ?? match[4];
    if (name) names.add(name);
  }
  return [...names].sort();
}

/** Interpolates every string in a parsed document (compose interpolates values, not keys). */
function interpolateDeep(value: unknown, env: Record<string, string | undefined>): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((item) => interpolateDeep(item, env));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateDeep(item, env)]));
  }
  return value;
}

/** One compose file, parsed (anchors and `<<` merged), interpolated with .env.example. */
export function loadCompose(file: string = 'docker-compose.yml', env: Record<string, string> = envExample()): ComposeFile {
  const raw = parse(readRepoFile(file), { merge: true, maxAliasCount: -1 }) as unknown;
  const doc = interpolateDeep(raw, env) as ComposeFile;
  // YAML numbers stay numbers; compose turns environment and label values into strings.
  for (const service of Object.values(doc.services ?? {})) {
    for (const key of ['environment', 'labels'] as const) {
      const map = service[key];
      if (map) service[key] = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, String(v)]));
    }
  }
  return doc;
}

/** docker-compose.yml with the test-agent override applied, as `-f a -f b` merges services. */
export function loadMergedWithTestAgent(): ComposeFile {
  const base = loadCompose('docker-compose.yml');
  const override = loadCompose('docker-compose.test-agent.yml');
  const services = { ...base.services };
  for (const [name, service] of Object.entries(override.services)) services[name] = { ...services[name], ...service };
  return { ...base, services };
}

/**
 * The Node app services: built from the one service Dockerfile's runtime stage, WORKSPACE naming the workspace.
 * (The `faults` profile's scheduler uses the same Dockerfile's build stage, `target: build`: a tool, not an app.)
 */
export function appServices(compose: ComposeFile): Array<{ name: string; workspace: string; service: ComposeService }> {
  return Object.entries(compose.services)
    .filter(([, service]) => service.build?.dockerfile === 'infra/docker/node-service.Dockerfile' && service.build.target === undefined)
    .map(([name, service]) => ({ name, workspace: service.build!.args!.WORKSPACE!, service }));
}
