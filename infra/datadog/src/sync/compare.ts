// Does an object in the organisation say what its definition says? The fields the definition sets are compared:
// Datadog adds its own (ids, creation dates, widget ids, option defaults such as `notify_audit`), and those are
// not differences. Both sides are the API's JSON (see wire.ts).
//
// That alone would never see a field a definition stops setting (drop a monitor's `warning` threshold or its
// `renotify_interval`, and the organisation keeps it). So some objects are owned whole: within them, a key the
// organisation has and the definition does not is a change too (to be removed), unless it is empty or one Datadog
// fills in itself (with its default value). OWNED_OBJECTS lists them per kind; updates send the whole definition,
// which replaces those objects and so removes the field.
import type { DefinitionKind } from '../definitions/types';
import type { Json } from './wire';

export interface FieldChange {
  /** JSON path in the API's field names: `options.thresholds.critical`, `widgets[2].definition.title`. */
  path: string;
  /** What the organisation has (undefined: the field is absent). */
  from: Json | undefined;
  /** What the definition says (undefined: the definition leaves the field out, so it goes). */
  to: Json | undefined;
}

export interface OwnedObject {
  /** The object's path in the API's field names; `[]` stands for every element of a list (`thresholds[]`). */
  path: string;
  /**
   * Keys Datadog fills in by itself, which a definition leaving out is no change: with their default value
   * (a change when the organisation has another value), or undefined for any value (Datadog computes it).
   */
  serverKeys?: Record<string, Json | undefined>;
}

/** Datadog's own monitor options (API reference, MonitorOptions): what it returns for options nobody set. */
const MONITOR_OPTION_DEFAULTS: Record<string, Json | undefined> = {
  notify_audit: false,
  include_tags: true,
  new_host_delay: 300,
  new_group_delay: undefined,
  notify_no_data: false,
  no_data_timeframe: undefined,
  require_full_window: undefined,
  silenced: undefined,
  locked: false,
  timeout_h: 0,
  escalation_message: '',
  renotify_interval: 0,
  evaluation_delay: undefined,
  groupby_simple_monitor: false,
  notification_preset_name: 'show_all',
  on_missing_data: 'default',
  aggregation: undefined,
  enable_logs_sample: false,
  synthetics_check_id: undefined,
  device_ids: undefined,
  min_failure_duration: 0,
  min_location_failed: 1,
  variables: undefined,
  scheduling_options: undefined,
};

/** The objects each kind's definitions own whole. Dashboards are replaced whole by Datadog on every update. */
export const OWNED_OBJECTS: Record<DefinitionKind, OwnedObject[]> = {
  monitor: [{ path: 'options', serverKeys: MONITOR_OPTION_DEFAULTS }, { path: 'options.thresholds' }, { path: 'options.threshold_windows' }],
  slo: [{ path: 'thresholds[]', serverKeys: { target_display: undefined, warning_display: undefined } }],
  'synthetics-api': [
    { path: 'options.monitor_options', serverKeys: { notification_preset_name: 'show_all', renotify_occurrences: undefined, escalation_message: '', renotify_interval: 0 } },
    { path: 'options.retry' },
  ],
  'synthetics-browser': [
    { path: 'options.monitor_options', serverKeys: { notification_preset_name: 'show_all', renotify_occurrences: undefined, escalation_message: '', renotify_interval: 0 } },
    { path: 'options.retry' },
  ],
  dashboard: [],
  webhook: [],
};

/** Keys whose arrays are sets: Datadog does not keep the order of tags. */
const UNORDERED = new Set(['tags']);

export interface CompareOptions {
  /** Objects owned whole (see OWNED_OBJECTS). */
  owned?: readonly OwnedObject[];
}

/** The fields of `desired` that `actual` does not have as they are; empty when it has all of them. */
export function changedFields(desired: Json, actual: Json | undefined, options: CompareOptions = {}, path = ''): FieldChange[] {
  // An empty list or object asks for nothing: Datadog may leave the field out of what it returns.
  if (isEmpty(desired) && (actual === undefined || actual === null)) return [];
  if (isObject(desired)) {
    if (!isObject(actual)) return [{ path: path || '(body)', from: actual, to: desired }];
    const changes = Object.entries(desired).flatMap(([key, value]) => {
      const childPath = path ? `${path}.${key}` : key;
      // A field set to null asks for "no value": an absent field is the same thing.
      if (value === null) return actual[key] === null || actual[key] === undefined ? [] : [{ path: childPath, from: actual[key], to: null }];
      if (UNORDERED.has(key) && Array.isArray(value)) return sameSet(value, actual[key]) ? [] : [{ path: childPath, from: actual[key], to: value }];
      return changedFields(value, actual[key], options, childPath);
    });
    const owned = options.owned?.find((object) => object.path === path.replace(/\[\d+\]/g, '[]'));
    if (owned) changes.push(...removedKeys(desired, actual, owned, path));
    return changes;
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(actual) || actual.length !== desired.length) return [{ path, from: actual, to: desired }];
    return desired.flatMap((element, index) => changedFields(element, actual[index], options, `${path}[${index}]`));
  }
  return desired === actual ? [] : [{ path, from: actual, to: desired }];
}

/** Keys of an owned object the organisation has and the definition does not (nor Datadog, by default). */
function removedKeys(desired: { [key: string]: Json }, actual: { [key: string]: Json }, owned: OwnedObject, path: string): FieldChange[] {
  return Object.entries(actual).flatMap(([key, value]) => {
    if (key in desired || value === null || value === undefined || isEmpty(value)) return [];
    const serverKeys = owned.serverKeys ?? {};
    if (key in serverKeys) {
      const fallback = serverKeys[key];
      if (fallback === undefined || JSON.stringify(fallback) === JSON.stringify(value)) return [];
    }
    return [{ path: path ? `${path}.${key}` : key, from: value, to: undefined }];
  });
}

function isEmpty(value: Json): boolean {
  return Array.isArray(value) ? value.length === 0 : isObject(value) && Object.keys(value).length === 0;
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function sameSet(desired: Json[], actual: Json | undefined): boolean {
  if (!Array.isArray(actual)) return false;
  const text = (values: Json[]) => values.map((value) => JSON.stringify(value)).sort();
  return JSON.stringify(text(desired)) === JSON.stringify(text(actual));
}
