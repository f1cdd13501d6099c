// The commands of `npm run datadog`, with everything they depend on passed in (main.ts passes the real
// definitions, the lint and the process; tests pass fixtures and the fake API). Exit codes: 0 done, 1 problems
// with the definitions or refused by Datadog, 2 bad arguments or configuration (nothing was sent).
import { resolve } from 'node:path';
import type { Definition } from '../definitions/types';
import { secretVariableOf } from '../definitions/webhook';
import { writeGeneratedFiles } from '../export/generated-files';
import { operatorExport } from '../export/operator';
import { terraformExport, type NotExported } from '../export/terraform';
import { createDatadogApis, describeApiError, type DatadogApis } from '../sync/datadog-api';
import { executePlan, ExecuteError } from '../sync/execute';
import { readOrganisation, type Organisation } from '../sync/organisation';
import { PlanConflict, planApply, planDestroy, type Plan } from '../sync/plan';
import { formatPlan } from '../sync/plan-format';
import { definitionProblems, type DefinitionProblem } from '../sync/validate';
import { ArgsError, parseCommand, usage, type DatadogCommand } from './args';
import { apiSettingsFromEnv, ConfigError } from './config';
import { webhookSecretFromEnv } from './webhook-secret-source';

/** A problem the query lint (src/lint) reports; the same shape as the tool's own. */
export interface LintFinding {
  definition: string;
  rule: string;
  at?: string;
  message: string;
}

/**
 * What the definitions are rendered for: `publish` for plan, apply and export (what Datadog will run and call must
 * be public: definitions/settings.ts), `check` for plan --offline and destroy (the local defaults will do).
 */
export type LoadPurpose = 'publish' | 'check';

/** The definitions of one env: the env is the tool's scope (the `managed_env:<env>` marker). */
export interface LoadedDefinitions {
  env: string;
  definitions: Definition[];
}

export interface CliDeps {
  env: NodeJS.ProcessEnv;
  repoRoot: string;
  out: (text: string) => void;
  err: (text: string) => void;
  /** The definitions, rendered with the settings of `env` (a ConfigError for bad settings). */
  loadDefinitions: (env: NodeJS.ProcessEnv, purpose: LoadPurpose) => LoadedDefinitions;
  lint: (definitions: readonly Definition[]) => LintFinding[];
  /** Tests only: the base URL of a local server playing the Datadog API. */
  apiBaseUrl?: string;
}

class Stop extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  try {
    const command = parseCommandOrStop(argv);
    if (command.command === 'help') {
      deps.out(usage());
      return 0;
    }
    return await run(command, deps);
  } catch (error) {
    if (error instanceof Stop) {
      deps.err(error.message);
      return error.code;
    }
    throw error;
  }
}

function parseCommandOrStop(argv: readonly string[]): DatadogCommand {
  try {
    return parseCommand(argv);
  } catch (error) {
    if (error instanceof ArgsError) throw new Stop(`${error.message}\n\n${usage()}`, 2);
    throw error;
  }
}

async function run(command: Exclude<DatadogCommand, { command: 'help' }>, deps: CliDeps): Promise<number> {
  // Keys first: a missing key is reported before the definitions are even rendered.
  const online = (command.command === 'plan' && !command.offline) || command.command === 'apply' || command.command === 'destroy';
  const api = online ? configured(() => apiSettingsFromEnv(deps.env)) : undefined;
  const publishes = (command.command === 'plan' && !command.offline) || command.command === 'apply' || command.command === 'export';
  const { env, definitions } = configured(() => deps.loadDefinitions(deps.env, publishes ? 'publish' : 'check'));
  // destroy deletes what the organisation has for the env, whatever the definitions say now: it only needs the
  // env and the webhook's name.
  const problems = command.command === 'destroy' ? [] : checkDefinitions(definitions, deps.lint, env);
  if (problems.length > 0) {
    throw new Stop(`${problems.length} problem(s) with the definitions:\n${problems.map((line) => `  ${line}`).join('\n')}`, 1);
  }
  if (command.command === 'plan' && command.offline) {
    deps.out(`${definitions.length} definitions are valid: the client's models accept them and the lint finds nothing.`);
    return 0;
  }
  if (command.command === 'export') return exportDefinitions(command.format, command.outDir, definitions, deps);

  const hasWebhook = definitions.some((definition) => definition.kind === 'webhook');
  const secret = command.command !== 'destroy' && hasWebhook ? configured(() => webhookSecretFromEnv(deps.env, deps.repoRoot)) : undefined;
  const apis = createDatadogApis({ ...(api as NonNullable<typeof api>), ...(deps.apiBaseUrl ? { baseUrl: deps.apiBaseUrl } : {}) });
  const webhooks = definitions.flatMap((definition) => (definition.kind === 'webhook' ? [{ name: definition.key, secretVariable: secretVariableOf(definition.body) }] : []));
  deps.out(`Reading the managed objects of env ${env} in the organisation (${deps.apiBaseUrl ?? api?.site})...`);
  const organisation = await datadog(() => readOrganisation(apis, { env, webhooks }));
  const plan = command.command === 'destroy' ? planDestroy(organisation) : conflictFree(() => planApply(definitions, organisation, { env, webhookSecret: secret }));
  deps.out(formatPlan(plan));
  if (command.command === 'plan') return 0;
  return execute(plan, organisation, apis, secret, deps);
}

async function execute(plan: Plan, organisation: Organisation, apis: DatadogApis, secret: string | undefined, deps: CliDeps): Promise<number> {
  if (!plan.changes.some((planned) => planned.action !== 'unchanged')) return 0;
  deps.out('');
  try {
    const done = await executePlan(plan, organisation, apis, { webhookSecret: secret, log: (line) => deps.out(line) });
    deps.out(`\nDone: ${done} change(s).`);
    return 0;
  } catch (error) {
    if (error instanceof ExecuteError) throw new Stop(error.message, 1);
    throw error;
  }
}

/**
 * The tool's own checks, then the lint's. Where the tool already reports a rule for a definition (with the
 * field's path), the lint's problems of the same rule for it say the same thing and are left out.
 */
export function checkDefinitions(definitions: readonly Definition[], lint: CliDeps['lint'], env: string): string[] {
  const own: DefinitionProblem[] = definitionProblems(definitions, env);
  const reported = new Set(own.map((problem) => `${problem.definition}|${problem.rule}`));
  const linted = lint(definitions).filter((problem) => !reported.has(`${problem.definition}|${problem.rule}`));
  return [...own, ...linted].map((problem) => `${problem.definition} [${problem.rule}]${problem.at ? ` ${problem.at}:` : ''} ${problem.message}`);
}

function exportDefinitions(format: 'terraform' | 'operator', outDir: string | undefined, definitions: readonly Definition[], deps: CliDeps): number {
  const dir = resolve(outDir ?? resolve(deps.repoRoot, 'dist', 'datadog', format));
  const result = format === 'terraform' ? terraformExport(definitions) : operatorExport(definitions);
  const written = writeGeneratedFiles(dir, result.files);
  const count = format === 'terraform' ? (result as ReturnType<typeof terraformExport>).exported : (result as ReturnType<typeof operatorExport>).manifests.length;
  deps.out(`${format}: ${count} of ${definitions.length} definitions exported to ${dir} (${written.length} files)`);
  if (format === 'operator') listed(deps, 'written as DatadogGenericResource', (result as ReturnType<typeof operatorExport>).generic);
  listed(deps, 'not exported', result.notExported);
  return 0;
}

function listed(deps: CliDeps, title: string, entries: readonly NotExported[]): void {
  if (entries.length === 0) return;
  deps.out(`${title} (see README.md there):`);
  for (const entry of entries) deps.out(`  ${entry.kind} ${entry.key}: ${entry.reason}`);
}

/** Runs a configuration step; its errors stop the command with exit code 2 before any request. */
function configured<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof ConfigError) throw new Stop(`configuration:\n${error.problems.map((problem) => `  ${problem}`).join('\n')}`, 2);
    throw error;
  }
}

/** Makes a plan; one that would touch an object the tool does not own stops the command with exit code 1. */
function conflictFree(step: () => Plan): Plan {
  try {
    return step();
  } catch (error) {
    if (error instanceof PlanConflict) throw new Stop(`cannot plan: ${error.message}`, 1);
    throw error;
  }
}

/** Runs a read of the organisation; the API's refusals stop the command with exit code 1. */
async function datadog<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw new Stop(`Datadog refused a read: ${describeApiError(error)}`, 1);
  }
}
