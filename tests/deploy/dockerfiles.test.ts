// The images build with the commands CI runs natively, so a change that breaks an image build breaks
// CI first; and what the runtime stage needs (workspace-only production install, tracer first, non-root)
// is checked against the workspaces themselves.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';
import { appServices, loadCompose, readRepoFile, repoRoot } from './compose-file';

const compose = loadCompose();
const apps = appServices(compose);
const rootPackage = JSON.parse(readRepoFile('package.json')) as { workspaces: string[]; scripts: Record<string, string> };

/** RUN instructions of a Dockerfile, continuation lines joined, grouped by stage name. */
function stages(file: string): Record<string, string[]> {
  const text = readRepoFile(file).replace(/\\\n/g, ' ');
  const byStage: Record<string, string[]> = {};
  let current = '';
  for (const line of text.split('\n').map((l) => l.trim())) {
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) byStage[(current = from[1] ?? '')] = [];
    else if (current && /^\w+\s/.test(line)) byStage[current]!.push(line.replace(/\s+/g, ' '));
  }
  return byStage;
}

const nodeDockerfile = 'infra/docker/node-service.Dockerfile';
const edgeDockerfile = 'infra/docker/edge.Dockerfile';

describe('image builds run what CI runs', () => {
  it('CI installs with `npm ci` and tests with `npm test`, whose first step is `npm run build`', () => {
    const ci = readRepoFile('.ci/run');
    expect(ci).toMatch(/^npm ci --no-audit --no-fund$/m);
    expect(ci).toMatch(/^npm test$/m);
    expect(rootPackage.scripts.test).toContain('scripts/test/run-tests.ts');
    expect(readRepoFile('scripts/test/run-tests.ts')).toMatch(/run\('npm', \['run', 'build'/);
  });

  it.each([nodeDockerfile, edgeDockerfile])('%s builds in a stage that runs exactly `npm ci` then `npm run build`', (file) => {
    const build = stages(file).build!;
    expect(build.filter((line) => line.startsWith('RUN '))).toEqual(['RUN npm ci --no-audit --no-fund', 'RUN npm run build']);
  });

  it('both Dockerfiles share the same manifests and build stages, so BuildKit builds them once', () => {
    const node = stages(nodeDockerfile);
    const edge = stages(edgeDockerfile);
    expect(edge.manifests).toEqual(node.manifests);
    expect(edge.build).toEqual(node.build);
  });

  it.each(apps.map((a) => [a.name, a.workspace] as const))('%s: workspace %s is one `npm run build` compiles', (_name, workspace) => {
    const references = (JSON.parse(readRepoFile('tsconfig.json')) as { references: Array<{ path: string }> }).references.map((r) => r.path);
    expect(references).toContain(workspace);
    const pkg = JSON.parse(readRepoFile(`${workspace}/package.json`)) as { main: string };
    expect(pkg.main).toBe('dist/main.js');
  });

  it('the edge builds the storefront with its own workspace build script, and CI runs that script too', () => {
    expect(stages(edgeDockerfile).web).toEqual(['RUN npm run build --workspace web']);
    const webBuild = (JSON.parse(readRepoFile('web/package.json')) as { scripts: Record<string, string> }).scripts.build;
    expect(webBuild).toMatch(/vite build/);
    const ciBuildsWeb = [rootPackage.scripts.build ?? '', readRepoFile('scripts/test/run-tests.ts')].some((text) => /(--workspace[= ]|-w )web\b/.test(text));
    expect(ciBuildsWeb, 'CI never runs `npm run build --workspace web`: add it to the root build script').toBe(true);
  });
});

describe('runtime image', () => {
  const runtime = stages(nodeDockerfile).runtime!;

  it('installs the production dependencies of the one workspace only, and runs as a non-root user', () => {
    expect(runtime).toContain('RUN npm ci --omit=dev --workspace="${WORKSPACE}" --ignore-scripts --no-audit --no-fund && npm cache clean --force');
    expect(runtime).toContain('USER node');
    expect(runtime).toContain('CMD ["node", "dist/main.js"]');
    expect(runtime).toContain('WORKDIR /app/${WORKSPACE}');
  });

  it('bakes DD_GIT_REPOSITORY_URL and DD_GIT_COMMIT_SHA in from build args compose passes', () => {
    expect(runtime.join('\n')).toMatch(/DD_GIT_REPOSITORY_URL=\$\{DD_GIT_REPOSITORY_URL\}/);
    expect(runtime.join('\n')).toMatch(/DD_GIT_COMMIT_SHA=\$\{DD_GIT_COMMIT_SHA\}/);
    for (const { name, service } of apps) expect(Object.keys(service.build!.args!), name).toEqual(expect.arrayContaining(['DD_GIT_REPOSITORY_URL', 'DD_GIT_COMMIT_SHA', 'WORKSPACE']));
  });

  it.each(apps.map((a) => [a.name, a.workspace] as const))('%s: the tracer loads first (first statement of src/main.ts)', (_name, workspace) => {
    const code = readRepoFile(`${workspace}/src/main.ts`).replace(/^\s*(\/\/.*|\/\*[\s\S]*?\*\/)\s*$/gm, '').trim();
    expect(code.split('\n')[0]).toBe("import '@shopfast/tracing/register';");
  });
});

// `npm ci --workspace X` installs X's dependencies and those of the workspace packages it depends on,
// nothing else. An import that only works because another workspace hoisted the package would pass
// CI and crash the container, so every runtime import must be declared where it is used.
describe('runtime imports are declared dependencies (what a workspace-only install provides)', () => {
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  const packageName = (specifier: string) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);

  function runtimeImports(file: string): string[] {
    const code = fs.readFileSync(file, 'utf8');
    const found = new Set<string>();
    for (const match of code.matchAll(/^\s*import\s+(?!type\b)(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) found.add(match[1]!);
    for (const match of code.matchAll(/^\s*export\s+(?!type\b)[^'"]*?\s+from\s+['"]([^'"]+)['"]/gm)) found.add(match[1]!);
    for (const match of code.matchAll(/\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g)) found.add(match[1]!);
    return [...found].filter((s) => !builtins.has(s));
  }

  /** Files reachable through relative imports from the package's entry points (what runs, not test helpers). */
  function reachableFiles(dir: string): string[] {
    const pkg = JSON.parse(readRepoFile(`${dir}/package.json`)) as { main?: string; exports?: Record<string, { default: string }> };
    const entries = [pkg.main ?? 'dist/index.js', ...Object.values(pkg.exports ?? {}).map((e) => e.default)]
      .map((js) => path.join(repoRoot, dir, js.replace(/^(\.\/)?dist\//, 'src/').replace(/\.js$/, '.ts')));
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file) || !fs.existsSync(file)) return;
      seen.add(file);
      for (const specifier of runtimeImports(file).filter((s) => s.startsWith('.'))) {
        const base = path.resolve(path.dirname(file), specifier.replace(/\.js$/, ''));
        visit([`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(candidate)) ?? `${base}.ts`);
      }
    };
    entries.forEach(visit);
    return [...seen];
  }

  /** The workspace and, transitively, every @shopfast workspace package it depends on. */
  function closure(workspace: string, seen = new Map<string, string>()): Map<string, string> {
    const pkg = JSON.parse(readRepoFile(`${workspace}/package.json`)) as { name: string; dependencies?: Record<string, string> };
    if (seen.has(pkg.name)) return seen;
    seen.set(pkg.name, workspace);
    for (const dep of Object.keys(pkg.dependencies ?? {}).filter((d) => d.startsWith('@shopfast/'))) {
      const dir = ['packages', 'services'].flatMap((root) => fs.readdirSync(path.join(repoRoot, root)).map((d) => `${root}/${d}`))
        .find((d) => fs.existsSync(path.join(repoRoot, d, 'package.json')) && (JSON.parse(readRepoFile(`${d}/package.json`)) as { name: string }).name === dep);
      if (dir) closure(dir, seen);
    }
    return seen;
  }

  const workspaces = new Map<string, string>();
  for (const { workspace } of apps) for (const [name, dir] of closure(workspace)) workspaces.set(name, dir);

  it.each([...workspaces.entries()])('%s (%s)', (name, dir) => {
    const pkg = JSON.parse(readRepoFile(`${dir}/package.json`)) as { dependencies?: Record<string, string> };
    const declared = new Set([name, ...Object.keys(pkg.dependencies ?? {})]);
    const files = reachableFiles(dir);
    expect(files.length, `${dir}: no entry file found`).toBeGreaterThan(0);
    const undeclared = files
      .flatMap((file) => runtimeImports(file).filter((s) => !s.startsWith('.')).map((s) => [path.relative(repoRoot, file), packageName(s)] as const))
      .filter(([, pkgName]) => !declared.has(pkgName))
      .map(([file, pkgName]) => `${file}: ${pkgName}`);
    expect(undeclared, `imported at run time but not in ${dir}/package.json "dependencies"`).toEqual([]);
  });
});
