// What `apply` and `destroy` would do, worked out from the definitions and what the organisation has, before
// anything is written. Objects are matched by kind and managed key, never by name or title, so an object the
// tool does not manage is never part of a plan, even when it has the same name.
import type { Definition, DefinitionKind } from '../definitions/types';
import { secretVariableOf } from '../definitions/webhook';
import { changedFields, OWNED_OBJECTS, type FieldChange } from './compare';
import { withMarker } from './markers';
import type { OrgObject, Organisation } from './organisation';
import { dependencyOrder, placeholder, referenceId, substitute, type Reference } from './references';
import { fingerprintVariable, secretIsCurrent } from './webhook-secret';
import { KIND_MODELS, toWire } from './wire';

export type Action = 'create' | 'update' | 'delete' | 'unchanged';
/** The kinds of definitions, and the webhook's secret variable. */
export type PlanKind = DefinitionKind | 'webhook-secret';

export interface PlannedChange {
  action: Action;
  kind: PlanKind;
  key: string;
  name: string;
  /** Datadog's id of the object the change applies to (not for a create). */
  id: string | undefined;
  /** For an update: the fields that differ. */
  fields: FieldChange[];
  /** Why, where it is not obvious. */
  note: string | undefined;
  /** For a create or an update: the definition, with its marker. */
  definition: Definition | undefined;
  /** For a monitor being deleted: its type (composite and SLO-alert monitors go first). */
  monitorType: string | undefined;
}

/** The definitions cannot be applied without touching an object this tool does not own. */
export class PlanConflict extends Error {
  override name = 'PlanConflict';
}

export interface Plan {
  changes: PlannedChange[];
  /** Things left alone that someone should look at. */
  warnings: string[];
}

const change = (fields: Partial<PlannedChange> & Pick<PlannedChange, 'action' | 'kind' | 'key' | 'name'>): PlannedChange => ({
  id: undefined,
  fields: [],
  note: undefined,
  definition: undefined,
  monitorType: undefined,
  ...fields,
});

const nameOf = (definition: Definition): string => {
  const body = definition.body as { name?: string; title?: string };
  return body.name ?? body.title ?? definition.key;
};

/** The id an existing monitor or SLO has for a reference, from the organisation. */
export function idsInOrganisation(objects: readonly OrgObject[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const object of objects) {
    if ((object.kind === 'monitor' || object.kind === 'slo') && object.key && !ids.has(`${object.kind}:${object.key}`)) {
      ids.set(`${object.kind}:${object.key}`, object.id);
    }
  }
  return ids;
}

/** The order objects are created in: the secret, the webhooks (monitors notify them), then by references. */
function creationOrder(definitions: readonly Definition[]): Definition[] {
  const webhooks = definitions.filter((definition) => definition.kind === 'webhook');
  return [...webhooks, ...dependencyOrder(definitions.filter((definition) => definition.kind !== 'webhook'))];
}

export interface ApplyOptions {
  /** The env the definitions were rendered for: the `managed_env:<env>` marker every object gets. */
  env: string;
  /** The secret the webhook's custom variable must hold (required when the definitions have a webhook). */
  webhookSecret: string | undefined;
}

/** What `apply` would do. */
export function planApply(definitions: readonly Definition[], organisation: Organisation, options: ApplyOptions): Plan {
  const { env, webhookSecret } = options;
  if (organisation.foreignWebhooks.length > 0) {
    throw new PlanConflict(
      `the organisation has a webhook named ${organisation.foreignWebhooks.join(', ')} that this tool did not create ` +
        `(its custom headers do not send the tool's secret variable); it is left alone: rename or delete it, or give ours another name`,
    );
  }
  const warnings: string[] = [...organisation.warnings];
  const byKey = new Map<string, OrgObject>();
  for (const object of organisation.objects) {
    if (object.key === undefined) {
      warnings.push(`${object.kind} ${object.id} "${object.name}" has the managed-by tag but no managed key: left alone (destroy deletes it)`);
      continue;
    }
    const id = `${object.kind}:${object.key}`;
    const first = byKey.get(id);
    if (first) {
      warnings.push(
        `${object.kind} ${object.id} "${object.name}" carries the same managed key as ${first.id} (${object.key}), a copy? ` +
          'left alone; remove its marker to keep it, destroy deletes it',
      );
      continue;
    }
    byKey.set(id, object);
  }
  const ids = idsInOrganisation([...byKey.values()]);
  const changes: PlannedChange[] = [];

  const webhook = definitions.find((definition) => definition.kind === 'webhook');
  if (webhook) {
    const variable = secretVariableOf(webhook.body);
    if (variable === undefined) throw new Error(`webhook ${webhook.key} sends no secret variable in its custom headers`);
    if (webhookSecret === undefined) throw new Error('the definitions have a webhook, so the plan needs its secret');
    const state = organisation.webhookSecret ?? { variable, exists: false, fingerprint: undefined };
    const base = { kind: 'webhook-secret', key: variable, name: `hidden webhook variable ${variable}` } as const;
    if (!state.exists) changes.push(change({ ...base, action: 'create' }));
    else if (!secretIsCurrent(state, webhookSecret)) {
      const note = state.fingerprint ? 'the secret changed (its fingerprint differs)' : 'no fingerprint: the secret may differ';
      changes.push(change({ ...base, action: 'update', id: variable, note }));
    } else changes.push(change({ ...base, action: 'unchanged', id: variable }));
  }

  const defined = new Set<string>();
  for (const definition of creationOrder(definitions).map((unmarked) => withMarker(unmarked, env))) {
    defined.add(`${definition.kind}:${definition.key}`);
    const base = { kind: definition.kind, key: definition.key, name: nameOf(definition), definition } as const;
    const existing = byKey.get(`${definition.kind}:${definition.key}`);
    if (!existing) {
      changes.push(change({ ...base, action: 'create' }));
      continue;
    }
    const { value, unresolved } = substitute(definition.body, (reference: Reference) => ids.get(referenceId(reference)));
    const fields = changedFields(toWire(value, KIND_MODELS[definition.kind].create), existing.wire, { owned: OWNED_OBJECTS[definition.kind] });
    const note = unresolved.length > 0 ? `refers to ${unresolved.map(placeholder).join(', ')}, created by this apply` : undefined;
    changes.push(change({ ...base, action: fields.length > 0 ? 'update' : 'unchanged', id: existing.id, fields, note }));
  }

  const deletes = [...byKey.values()]
    .filter((object) => object.kind !== 'webhook' && !defined.has(`${object.kind}:${object.key}`))
    .map((object) => deletion(object, 'no longer defined'));
  return { changes: [...changes, ...sortDeletions(deletes)], warnings };
}

/** What `destroy` would do: delete every managed object of the env, the webhooks the definitions name and the secret. */
export function planDestroy(organisation: Organisation): Plan {
  const deletes = organisation.objects.map((object) => deletion(object, undefined));
  const state = organisation.webhookSecret;
  if (state && (state.exists || state.fingerprint !== undefined)) {
    const name = `webhook variables ${state.variable}, ${fingerprintVariable(state.variable)}`;
    deletes.push(change({ action: 'delete', kind: 'webhook-secret', key: state.variable, name, id: state.variable }));
  }
  return { changes: sortDeletions(deletes), warnings: [...organisation.warnings] };
}

function deletion(object: OrgObject, note: string | undefined): PlannedChange {
  const monitorType = object.kind === 'monitor' && typeof object.wire.type === 'string' ? object.wire.type : undefined;
  return change({ action: 'delete', kind: object.kind, key: object.key ?? '(no key)', name: object.name, id: object.id, note, monitorType });
}

/**
 * Deletions in reverse dependency order: what refers to others goes first. Dashboards and tests refer to
 * monitors and SLOs; composite monitors to monitors; SLO-alert (burn-rate) monitors to SLOs; monitor-based SLOs
 * to monitors; monitors notify the webhook, whose header uses the secret variable.
 */
function sortDeletions(deletes: PlannedChange[]): PlannedChange[] {
  const rank = (planned: PlannedChange): number => {
    switch (planned.kind) {
      case 'dashboard':
        return 0;
      case 'synthetics-api':
      case 'synthetics-browser':
        return 1;
      case 'monitor':
        return planned.monitorType === 'composite' ? 2 : planned.monitorType === 'slo alert' ? 3 : 5;
      case 'slo':
        return 4;
      case 'webhook':
        return 6;
      case 'webhook-secret':
        return 7;
    }
  };
  return deletes.map((planned, index) => ({ planned, index })).sort((a, b) => rank(a.planned) - rank(b.planned) || a.index - b.index).map(({ planned }) => planned);
}
