import { describe, expect, it } from 'vitest';
import { changedFields, OWNED_OBJECTS } from './compare';

describe('changedFields', () => {
  it('compares only the fields the definition sets, ignoring what Datadog adds', () => {
    const desired = { name: 'm', options: { thresholds: { critical: 5 } }, widgets: [{ definition: { type: 'note' } }] };
    const actual = { id: 1, name: 'm', created: 'x', options: { thresholds: { critical: 5 }, notify_audit: false }, widgets: [{ id: 9, definition: { type: 'note', title_size: '16' } }] };

    expect(changedFields(desired, actual)).toEqual([]);
  });

  it('names each differing field by its path, with both values', () => {
    const desired = { name: 'm', options: { thresholds: { critical: 5 } }, widgets: [{ definition: { type: 'note' } }, { definition: { type: 'query_value' } }] };
    const actual = { name: 'other', options: { thresholds: { critical: 6 } }, widgets: [{ definition: { type: 'note' } }, { definition: { type: 'timeseries' } }] };

    expect(changedFields(desired, actual)).toEqual([
      { path: 'name', from: 'other', to: 'm' },
      { path: 'options.thresholds.critical', from: 6, to: 5 },
      { path: 'widgets[1].definition.type', from: 'timeseries', to: 'query_value' },
    ]);
  });

  it('takes tags as a set, but a list of another length or order as a change', () => {
    expect(changedFields({ tags: ['b', 'a'] }, { tags: ['a', 'b'] })).toEqual([]);
    expect(changedFields({ tags: ['a'] }, { tags: ['a', 'b'] })).toEqual([{ path: 'tags', from: ['a', 'b'], to: ['a'] }]);
    expect(changedFields({ locations: ['x', 'y'] }, { locations: ['y', 'x'] })).toHaveLength(2);
    expect(changedFields({ steps: [{ a: 1 }] }, { steps: [{ a: 1 }, { a: 2 }] })).toEqual([{ path: 'steps', from: [{ a: 1 }, { a: 2 }], to: [{ a: 1 }] }]);
  });

  it('counts an absent field as a change, except for null and empty values', () => {
    expect(changedFields({ description: 'd' }, {})).toEqual([{ path: 'description', from: undefined, to: 'd' }]);
    expect(changedFields({ description: null, assertions: [], options: {} }, {})).toEqual([]);
    expect(changedFields({ description: null }, { description: 'd' })).toEqual([{ path: 'description', from: 'd', to: null }]);
  });

  it('sees a key of an owned object the definition no longer sets, but not what Datadog fills in itself', () => {
    const owned = { owned: OWNED_OBJECTS.monitor };
    const desired = { options: { thresholds: { critical: 5 }, notify_no_data: false } };
    const actual = {
      options: { thresholds: { critical: 5, warning: 3, critical_recovery: null }, notify_no_data: false, renotify_interval: 15, include_tags: true, notify_audit: false, new_group_delay: 60, silenced: {}, escalation_message: '' },
    };

    expect(changedFields(desired, actual, owned)).toEqual([
      { path: 'options.thresholds.warning', from: 3, to: undefined },
      { path: 'options.renotify_interval', from: 15, to: undefined },
    ]);
    // Without ownership only the fields the definition sets count, as for the objects Datadog adds to.
    expect(changedFields(desired, actual)).toEqual([]);
    // A default Datadog fills in with another value than its own is someone's change.
    expect(changedFields(desired, { options: { ...desired.options, include_tags: false } }, owned)).toEqual([{ path: 'options.include_tags', from: false, to: undefined }]);
  });

  it('owns every SLO threshold whole, but not the display strings Datadog adds', () => {
    const desired = { thresholds: [{ timeframe: '30d', target: 99.9 }] };
    const actual = { thresholds: [{ timeframe: '30d', target: 99.9, target_display: '99.9', warning: 99.95, warning_display: '99.95' }] };

    expect(changedFields(desired, actual, { owned: OWNED_OBJECTS.slo })).toEqual([{ path: 'thresholds[0].warning', from: 99.95, to: undefined }]);
  });
});
