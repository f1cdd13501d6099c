import { describe, expect, it } from 'vitest';
import { HEALTH_CHECK_SAMPLING_RULES, tracerOptionsFromEnv } from './tracer-options';

describe('tracerOptionsFromEnv', () => {
  it('turns on log injection, runtime metrics, the v1 schema, DBM propagation and health-check sampling by default', () => {
    expect(tracerOptionsFromEnv({})).toEqual({
      logInjection: true,
      runtimeMetrics: true,
      spanAttributeSchema: 'v1',
      profiling: false,
      samplingRules: HEALTH_CHECK_SAMPLING_RULES,
      dbmPropagationMode: 'full',
      baggageTagKeys: ['synthetic_request'],
    });
  });

  it('lets explicit DD_* variables win', () => {
    const options = tracerOptionsFromEnv({
      DD_LOGS_INJECTION: 'false',
      DD_RUNTIME_METRICS_ENABLED: '0',
      DD_TRACE_SPAN_ATTRIBUTE_SCHEMA: 'v0',
      DD_PROFILING_ENABLED: 'true',
      DD_DBM_PROPAGATION_MODE: 'service',
      DD_TRACE_SAMPLING_RULES: '[{"sample_rate":1}]',
      DD_TRACE_BAGGAGE_TAG_KEYS: 'user.id',
    });
    expect(options).toMatchObject({ logInjection: false, runtimeMetrics: false, spanAttributeSchema: 'v0', profiling: true, dbmPropagationMode: 'service' });
    expect(options).not.toHaveProperty('samplingRules');
    expect(options).not.toHaveProperty('baggageTagKeys');
  });

  it('drops every health check resource at sampling', () => {
    expect(HEALTH_CHECK_SAMPLING_RULES.map((rule) => rule.tags['http.url'])).toEqual(['*/api/health*', '*/healthz*', '*/readyz*']);
    expect(HEALTH_CHECK_SAMPLING_RULES.every((rule) => rule.sampleRate === 0)).toBe(true);
  });
});
