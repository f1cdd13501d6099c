import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFINITIONS_FILE, overridesOf, readFlagdDocument, renderFlagState, writeFlagState } from '@shopfast/feature-flags';
import { buildAppServices } from '../app-services';
import { flagsFile, resetFlagState } from './flags';

const dir = mkdtempSync(join(tmpdir(), 'stack-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the local stack\'s fault flag state', () => {
  it('is rendered with every fault off, exactly what the feature-flags package renders with no overrides', () => {
    const file = join(dir, 'fresh', 'shopfast.flagd.json');
    const lines: string[] = [];
    resetFlagState((line) => lines.push(line), file);
    const definitions = readFlagdDocument(DEFINITIONS_FILE);
    expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify(renderFlagState(definitions, {}), null, 2)}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(lines).toEqual([`flags: every fault off (${file})`]);
  });

  it('switches off every fault a previous run left on', async () => {
    const file = join(dir, 'left-on.json');
    const definitions = readFlagdDocument(DEFINITIONS_FILE);
    await writeFlagState(file, renderFlagState(definitions, { paymentFailure: 0.5, cacheOutage: true }));
    expect(overridesOf(readFlagdDocument(file))).toEqual({ paymentFailure: 0.5, cacheOutage: true });
    resetFlagState(() => undefined, file);
    expect(overridesOf(readFlagdDocument(file))).toEqual({});
  });

  it('is the FLAGS_FILE of every app, the gateway included', () => {
    const apps = buildAppServices({ version: 'x' });
    expect(apps).toHaveLength(10);
    for (const app of apps) expect(app.env.FLAGS_FILE, app.name).toBe(flagsFile);
    expect(flagsFile).toMatch(/\/\.stack\/flags\/shopfast\.flagd\.json$/);
  });
});
