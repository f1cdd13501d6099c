// The fault flags' runtime state of the local stack (docs/faults.md): .stack/flags/shopfast.flagd.json, what
// every app reads as FLAGS_FILE and the gateway's admin API rewrites. Rendered with every fault off on every
// `npm start`, before any app starts, by the script compose's init container runs too.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot, shortPath, stateDir } from './paths';

export const flagsDir = path.join(stateDir, 'flags');
export const FLAGS_FILE_NAME = 'shopfast.flagd.json';
export const flagsFile = path.join(flagsDir, FLAGS_FILE_NAME);
const renderer = path.join(repoRoot, 'infra', 'flags', 'render-initial-state.mjs');

/** Writes `file` (default: the stack's) with every fault off and says so. */
export function resetFlagState(log: (line: string) => void, file: string = flagsFile): void {
  execFileSync(process.execPath, [renderer, file], { encoding: 'utf8' });
  log(`flags: every fault off (${shortPath(file)})`);
}
