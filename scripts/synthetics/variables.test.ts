import { describe, expect, it } from 'vitest';
import { generateLocalVariables, mask, substitute, VariableError, type Generators, type Variables } from './variables';

/** Deterministic generators: randomInt walks 0, 1, 2, ... so the strings are predictable. */
function fixedGenerators(now = Date.UTC(2026, 0, 2, 3, 4, 5)): Generators {
  let next = 0;
  return { now: () => now, randomInt: (max) => next++ % max, uuid: () => '00000000-0000-4000-8000-000000000000' };
}

const vars = (entries: Record<string, string>, secure: string[] = []): Variables =>
  new Map(Object.entries(entries).map(([name, value]) => [name, { value, secure: secure.includes(name) }]));

describe('local variables', () => {
  it('expands the builtins inside a pattern, with the text around them', () => {
    const variables = generateLocalVariables(
      [
        { name: 'RUN_ID', type: 'text', pattern: '{{ numeric(5) }}' },
        { name: 'CODE', type: 'text', pattern: 'x-{{alphabetic(3)}}-{{ alphanumeric(2) }}' },
        { name: 'ID', type: 'text', pattern: '{{ uuid }}' },
        { name: 'NOW', type: 'text', pattern: '{{ timestamp(0, s) }}' },
        { name: 'LATER_MS', type: 'text', pattern: '{{ timestamp(60, s) }}' },
      ],
      fixedGenerators(),
    );
    expect(variables.get('RUN_ID')?.value).toBe('01234');
    // randomInt continues at 5: letters[5..7], then digits+letters[8], [9].
    expect(variables.get('CODE')?.value).toBe('x-fgh-89');
    expect(variables.get('ID')?.value).toBe('00000000-0000-4000-8000-000000000000');
    expect(variables.get('NOW')?.value).toBe(String(Date.UTC(2026, 0, 2, 3, 4, 5) / 1000));
    expect(Number(variables.get('LATER_MS')?.value) - Number(variables.get('NOW')?.value)).toBe(60);
  });

  it('lets a pattern use a variable defined before it, and keeps the secure flag', () => {
    const variables = generateLocalVariables(
      [
        { name: 'RUN_ID', type: 'text', pattern: '{{ numeric(3) }}' },
        { name: 'EMAIL', type: 'text', pattern: 'synthetics-{{ RUN_ID }}@example.com', secure: true },
      ],
      fixedGenerators(),
    );
    expect(variables.get('EMAIL')).toEqual({ value: 'synthetics-012@example.com', secure: true });
  });

  it('draws fresh values on every run', () => {
    const definitions = [{ name: 'RUN_ID', type: 'text', pattern: '{{ numeric(12) }}' }];
    expect(generateLocalVariables(definitions).get('RUN_ID')?.value).not.toBe(generateLocalVariables(definitions).get('RUN_ID')?.value);
  });

  it('refuses builtins and variable kinds it cannot reproduce, naming them', () => {
    expect(() => generateLocalVariables([{ name: 'D', type: 'text', pattern: '{{ date(1d, YYYY-MM-DD) }}' }])).toThrow(/date\(1d, YYYY-MM-DD\).*not supported/);
    expect(() => generateLocalVariables([{ name: 'G', type: 'global', pattern: '' }])).toThrow(VariableError);
    expect(() => generateLocalVariables([{ name: 'N', type: 'text', pattern: '{{ numeric(0) }}' }])).toThrow(/length/);
  });
});

describe('substitution', () => {
  it('replaces {{ NAME }} with any spacing, everywhere in the text', () => {
    expect(substitute('/api/orders/{{ORDER_ID}}?x={{  RUN_ID }}', vars({ ORDER_ID: 'o-1', RUN_ID: '42' }))).toBe('/api/orders/o-1?x=42');
  });

  it('fails on a name that is not a variable of the test instead of sending it as is', () => {
    expect(() => substitute('Bearer {{ TOKEN }}', vars({ RUN_ID: '1' }))).toThrow(/\{\{ TOKEN \}\} is not a variable of this test \(known: RUN_ID\)/);
  });

  it('does not expand builtins outside a local variable pattern', () => {
    expect(() => substitute('{{ uuid }}', vars({}))).toThrow(VariableError);
  });
});

describe('masking', () => {
  it('hides the values of secure variables and leaves the rest', () => {
    const variables = vars({ TOKEN: 'eyJ.secret.sig', RUN_ID: '123' }, ['TOKEN']);
    expect(mask('token eyJ.secret.sig for run 123', variables)).toBe('token ******** for run 123');
  });
});
