// `npm run datadog -- plan|apply|destroy [--offline] | export terraform|operator [--out DIR]`: ShopFast's Datadog
// organisation as code (infra/datadog/README.md). Wires the real definitions, the lint and the process into
// the commands of run.ts.
import { resolve } from 'node:path';
import { lintDefinitions } from '../lint';
import { loadDefinitions } from './load-definitions';
import { runCli } from './run';

const repoRoot = resolve(__dirname, '..', '..', '..', '..');

runCli(process.argv.slice(2), {
  env: process.env,
  repoRoot,
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  loadDefinitions,
  lint: (definitions) => lintDefinitions(definitions),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
