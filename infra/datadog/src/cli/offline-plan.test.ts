// `plan --offline`: no key, no request; the client's models and the lint on the real definitions (src/definitions),
// and a broken definition named down to its field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allDefinitions } from '../definitions';
import { settingsFromEnv } from '../definitions/settings';
import type { Definition } from '../definitions/types';
import { lintDefinitions } from '../lint';
import { startHarness, type Harness } from '../testing/cli-harness';
import { fixtureDefinitions } from '../testing/fixtures';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});

describe('plan --offline', () => {
  const offline = (definitions: Definition[]) =>
    harness.run(['plan', '--offline'], { env: {}, definitions, deps: { lint: (checked) => lintDefinitions(checked) } });

  it('needs no key and passes on every definition', async () => {
    const definitions = allDefinitions(settingsFromEnv({}));

    const result = await offline(definitions);

    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toBe(`${definitions.length} definitions are valid: the client's models accept them and the lint finds nothing.`);
    expect(harness.fake.requests).toEqual([]);
  });

  it('fails on a definition the client model refuses, naming the field', async () => {
    const definitions = allDefinitions(settingsFromEnv({}));
    const monitor = definitions.find((definition) => definition.kind === 'monitor');
    if (monitor?.kind !== 'monitor') throw new Error('no monitor');
    monitor.body = { ...monitor.body, options: { ...monitor.body.options, onMissingData: 'explode' as never } };

    const result = await offline(definitions);

    expect(result.code).toBe(1);
    expect(result.err).toContain(`monitor:${monitor.key} [model] options.on_missing_data: Monitor: unknown enum value 'explode'`);
  });

  it('fails on a property the model does not have, a reference to nothing and a webhook whose key is not its name', async () => {
    const definitions = fixtureDefinitions();
    for (const definition of definitions) {
      if (definition.kind === 'dashboard') (definition.body.widgets[0]?.definition as unknown as Record<string, unknown>).titel = 'typo';
      if (definition.kind === 'monitor' && definition.key === 'checkout-availability-burn') definition.body.query = 'burn_rate("${slo:nothing}").over("7d") > 1';
      if (definition.kind === 'webhook') {
        definition.key = 'other-name';
        definition.body.customHeaders = '{}';
      }
    }

    const result = await harness.run(['plan', '--offline'], { env: {}, definitions });

    expect(result.code).toBe(1);
    expect(result.err).toContain('dashboard:operations [model] widgets[0].definition.titel: not a property of Dashboard (the client would drop it)');
    expect(result.err).toContain('monitor:checkout-availability-burn [references] ${slo:nothing} names no slo definition');
    expect(result.err).toContain(`webhook:other-name [webhook-ownership] a webhook's key must be its name ("shopfast-incident-test")`);
    expect(result.err).toContain('webhook:other-name [webhook-ownership] its custom headers must send a $SHOPFAST_WEBHOOK_SECRET_<ENV> variable');
  });
});
