import { describe, expect, it } from 'vitest';
import type { Definition } from '../definitions/types';
import { dependencyOrder, referencesIn, substitute } from './references';

const monitor = (key: string, query: string): Definition => ({ kind: 'monitor', key, body: { name: key, type: 'composite', query } });

describe('references', () => {
  it('finds every placeholder in any string of a body, once', () => {
    expect(referencesIn({ query: '${monitor:a} && ${monitor:b} || ${monitor:a}', widgets: [{ sloId: '${slo:c}' }] })).toEqual([
      { kind: 'monitor', key: 'a' },
      { kind: 'monitor', key: 'b' },
      { kind: 'slo', key: 'c' },
    ]);
  });

  it('substitutes the ids it knows and lists the others', () => {
    const ids: Record<string, string> = { 'monitor:a': '11' };

    const result = substitute({ query: '${monitor:a} && ${monitor:b}', keys: { '${monitor:a}': 1 } }, (reference) => ids[`${reference.kind}:${reference.key}`]);

    expect(result.value).toEqual({ query: '11 && ${monitor:b}', keys: { '${monitor:a}': 1 } });
    expect(result.unresolved).toEqual([{ kind: 'monitor', key: 'b' }]);
  });

  it('orders definitions after what they refer to, and refuses a cycle', () => {
    const order = dependencyOrder([monitor('c', '${monitor:a} && ${monitor:b}'), monitor('a', 'q'), monitor('b', '${monitor:a}')]).map((definition) => definition.key);
    expect(order).toEqual(['a', 'b', 'c']);

    expect(() => dependencyOrder([monitor('a', '${monitor:b}'), monitor('b', '${monitor:a}')])).toThrow(
      'definitions refer to each other in a cycle: monitor:a -> monitor:b -> monitor:a',
    );
  });
});
