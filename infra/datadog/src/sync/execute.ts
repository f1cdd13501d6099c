// Carries out a plan, one request per change, in the plan's order (what is referred to before what refers to
// it; deletions in reverse). Ids of created monitors and SLOs are substituted into the placeholders of what
// comes after. Stops at the first refusal and says what was done before it. A deletion Datadog answers with 404
// counts as done: the object is already gone (deleted by hand since the plan was read, or by Datadog along with
// the object it belonged to), which is what the deletion wanted.
import { describeApiError, isNotFound, type DatadogApis } from './datadog-api';
import { createObject, deleteObject, updateObject } from './object-api';
import { idsInOrganisation, type Plan, type PlannedChange } from './plan';
import type { Organisation } from './organisation';
import { placeholder, referenceId, substitute } from './references';
import { deleteWebhookSecret, writeWebhookSecret } from './webhook-secret';

export interface ExecuteOptions {
  /** The webhook's secret, when the plan writes it. */
  webhookSecret: string | undefined;
  log: (line: string) => void;
}

export class ExecuteError extends Error {
  override name = 'ExecuteError';
  readonly done: number;
  constructor(message: string, done: number) {
    super(message);
    this.done = done;
  }
}

/** Returns how many changes were made. */
export async function executePlan(plan: Plan, organisation: Organisation, apis: DatadogApis, options: ExecuteOptions): Promise<number> {
  const ids = idsInOrganisation(organisation.objects);
  let done = 0;
  for (const planned of plan.changes) {
    if (planned.action === 'unchanged') continue;
    try {
      const result = await executeOne(planned, organisation, apis, ids, options);
      options.log(`${pastTense(planned.action)} ${planned.kind} ${planned.key}${result ? ` (${result})` : ''}`);
      done += 1;
    } catch (error) {
      const what = `${planned.action} ${planned.kind} ${planned.key}`;
      throw new ExecuteError(`could not ${what}: ${describeApiError(error)} (${done} change(s) made before this one; run plan to see what is left)`, done);
    }
  }
  return done;
}

async function executeOne(
  planned: PlannedChange,
  organisation: Organisation,
  apis: DatadogApis,
  ids: Map<string, string>,
  options: ExecuteOptions,
): Promise<string | undefined> {
  if (planned.kind === 'webhook-secret') {
    const state = organisation.webhookSecret ?? { variable: planned.key, exists: false, fingerprint: undefined };
    if (planned.action === 'delete') await deleteWebhookSecret(apis, state);
    else {
      if (options.webhookSecret === undefined) throw new Error('no webhook secret given');
      await writeWebhookSecret(apis, state, options.webhookSecret);
    }
    return undefined;
  }
  if (planned.action === 'delete') {
    try {
      await deleteObject(apis, planned.kind, requireId(planned));
    } catch (error) {
      if (isNotFound(error)) return `id ${planned.id}, already gone`;
      throw error;
    }
    return `id ${planned.id}`;
  }
  const definition = planned.definition;
  if (!definition) throw new Error(`the plan has no definition for ${planned.kind} ${planned.key}`);
  const { value: body, unresolved } = substitute(definition.body, (reference) => ids.get(referenceId(reference)));
  if (unresolved.length > 0) throw new Error(`${unresolved.map(placeholder).join(', ')} has no id yet`);
  if (planned.action === 'create') {
    const id = await createObject(apis, definition.kind, body);
    if (definition.kind === 'monitor' || definition.kind === 'slo') ids.set(`${definition.kind}:${definition.key}`, id);
    return `id ${id}`;
  }
  await updateObject(apis, definition.kind, requireId(planned), body);
  return `id ${planned.id}`;
}

function requireId(planned: PlannedChange): string {
  if (planned.id === undefined) throw new Error(`no id for ${planned.kind} ${planned.key}`);
  return planned.id;
}

const pastTense = (action: PlannedChange['action']): string => ({ create: 'created', update: 'updated', delete: 'deleted', unchanged: 'kept' })[action];
