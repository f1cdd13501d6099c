// Run by port-readers.test.ts in a child process (so every module reads the environment it is given, at
// import as at call time): prints the gateway address as each reader of @shopfast/stack-ports sees it.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { endpoints } from '@shopfast/test-kit';
import { allComponents } from './components';
import { appServices } from './app-services';
import { urls } from './index';
import { repoRoot } from './lib/paths';

async function main(): Promise<void> {
  const gateway = appServices.find((s) => s.name === 'gateway');
  const component = allComponents().find((c) => c.name === 'gateway');
  // web is an ES module package; a computed specifier keeps this CommonJS script's type check out of it.
  const browserStack = pathToFileURL(path.join(repoRoot, 'web', 'e2e', 'support', 'stack.ts')).href;
  const browser = (await import(browserStack)) as { GATEWAY: string };
  const seen = {
    'stack: gateway PORT': gateway?.env.PORT,
    'stack: gateway component url': component?.url,
    'stack: gateway port check': component?.ports.map((p) => `${p.port} ${p.env}`).join(),
    'stack: urls.gateway': urls.gateway,
    'test-kit: endpoints.gateway': endpoints.gateway,
    'browser tests: GATEWAY': browser.GATEWAY,
  };
  process.stdout.write(`${JSON.stringify(seen)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
