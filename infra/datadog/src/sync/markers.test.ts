import { describe, expect, it } from 'vitest';
import type { DashboardDefinition, MonitorDefinition } from '../definitions/types';
import { markerFromDescription, markerFromTags, withMarker, withoutMarker } from './markers';

const monitor: MonitorDefinition = { kind: 'monitor', key: 'm', body: { name: 'M', type: 'query alert', query: 'q', tags: ['team:shopfast'] } };
const dashboard: DashboardDefinition = { kind: 'dashboard', key: 'ops', body: { title: 'Ops', layoutType: 'ordered', widgets: [], description: 'What it shows.' } };

describe('markers', () => {
  it('adds the managed-by, managed_env and managed_key tags once, without changing the definition', () => {
    const marked = withMarker(monitor, 'prod');

    expect(marked.body.tags).toEqual(['team:shopfast', 'managed-by:shopfast', 'managed_env:prod', 'managed_key:m']);
    expect(withMarker(marked, 'prod').body.tags).toEqual(marked.body.tags);
    expect(monitor.body.tags).toEqual(['team:shopfast']);
    expect(markerFromTags(marked.body.tags)).toEqual({ managed: true, key: 'm', env: 'prod' });
    expect(markerFromTags(['team:shopfast', 'managed_key:m'])).toEqual({ managed: false, key: 'm', env: undefined });
  });

  it("replaces a marker tag of another env or key rather than adding a second one", () => {
    const spelled: MonitorDefinition = { ...monitor, body: { ...monitor.body, tags: ['managed-by:shopfast', 'managed_key:old', 'managed_env:staging', 'team:shopfast'] } };

    expect(withMarker(spelled, 'prod').body.tags).toEqual(['managed-by:shopfast', 'team:shopfast', 'managed_env:prod', 'managed_key:m']);
  });

  it('ends a dashboard description with the marker line of the env, once, and reads it back', () => {
    const marked = withMarker(dashboard, 'prod');

    expect(marked.body.description).toBe('What it shows.\n\nmanaged-by:shopfast managed_env:prod managed_key:ops');
    expect(withMarker(marked, 'prod').body.description).toBe(marked.body.description);
    expect(withMarker(marked, 'staging').body.description).toBe('What it shows.\n\nmanaged-by:shopfast managed_env:staging managed_key:ops');
    expect(markerFromDescription(marked.body.description)).toEqual({ managed: true, key: 'ops', env: 'prod' });
    expect(markerFromDescription('Old.\n\nmanaged-by:shopfast managed_key:ops')).toEqual({ managed: true, key: 'ops', env: undefined });
    expect(markerFromDescription('Mentions managed-by:shopfast in passing')).toEqual({ managed: false, key: undefined, env: undefined });
  });

  it('takes the marker off for the exports', () => {
    expect(withoutMarker(withMarker(monitor, 'prod')).body.tags).toEqual(['team:shopfast']);
    expect(withoutMarker(withMarker(dashboard, 'prod')).body.description).toBe('What it shows.');
    expect('description' in withoutMarker(withMarker({ ...dashboard, body: { ...dashboard.body, description: undefined } }, 'prod')).body).toBe(false);
  });
});
