import { describe, expect, it } from 'vitest';
import { loadCatalogue, lookupMetric, parseCatalogue } from './catalogue';

const SAMPLE = `
| Metric | Type | Unit | Tags | Meaning |
|---|---|---|---|---|
| \`shop.requests\` | count | request | \`endpoint\` (route template, or \`unmatched\`), \`method\` | Requests |
| \`shop.hit\` / \`shop.miss\` | count | lookup | \`cache\` (\`cart\`; \`product\`) | Cache lookups |
| \`shop.query_time\` | timing (\`ms\`) | ms | \`db_system\` | Query time |
| \`shop.runtime.*\` | gauges | various | unified tags | Runtime |

| Metric | Type | Labels | Meaning |
|---|---|---|---|
| \`prometheus_only\` | counter | \`route\` | Not a DogStatsD metric |
`;

describe('the telemetry catalogue', () => {
  it('takes tag keys, not the values in parentheses', () => {
    const catalogue = parseCatalogue(SAMPLE);
    expect([...(catalogue.get('shop.requests')?.tags ?? [])]).toEqual(['endpoint', 'method']);
    expect([...(catalogue.get('shop.miss')?.tags ?? [])]).toEqual(['cache']);
  });

  it('skips wildcard rows and tables without a Tags column', () => {
    const catalogue = parseCatalogue(SAMPLE);
    expect([...catalogue.keys()]).toEqual(['shop.requests', 'shop.hit', 'shop.miss', 'shop.query_time']);
  });

  it('finds a timing by the suffixes the Agent stores it under, and only those', () => {
    const catalogue = parseCatalogue(SAMPLE);
    expect(lookupMetric(catalogue, 'shop.query_time.95percentile')).toMatchObject({ entry: { name: 'shop.query_time' }, suffix: '95percentile' });
    expect(lookupMetric(catalogue, 'shop.query_time.p42')).toBeUndefined();
    expect(lookupMetric(catalogue, 'shop.requests.avg')).toBeUndefined();
  });

  it('reads docs/telemetry.md, trace and runtime metrics included', () => {
    const catalogue = loadCatalogue();
    expect(catalogue.get('trace.express.request')?.type).toBe('distribution');
    expect(catalogue.get('trace.express.request.hits')?.tags.has('resource_name')).toBe(true);
    expect(catalogue.get('runtime.node.event_loop.utilization')?.type).toBe('gauge');
    expect(catalogue.get('ecommerce.database.query_time')?.type).toBe('timing');
  });
});
