#!/usr/bin/env node
// Writes the fault flags' runtime state with every fault off, from the definitions beside this script:
//
//   node infra/flags/render-initial-state.mjs <state file> [--owner UID:GID]
//
// Run on every start, so a fresh start has no fault on: by the local stack (.stack/flags/shopfast.flagd.json,
// on every `npm start`) and by compose's `secrets` init container (the `flags` volume, before any app starts).
// The state file is a copy of shopfast.flagd.json (what @shopfast/feature-flags' renderFlagState gives with no
// overrides); the gateway's admin API rewrites it to switch faults on. Plain Node, no dependencies, so it runs
// in a stock node image. --owner hands the folder and the file to the gateway's user, the one writer (it
// replaces the file by a rename, so it needs the folder).
import { chmodSync, chownSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFINITIONS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'shopfast.flagd.json');

function parseOwner(value) {
  if (!value) return undefined;
  const [uid, gid] = value.split(':').map(Number);
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error(`owner must be UID:GID, got ${value}`);
  return { uid, gid };
}

/** The definitions with every fault off: each flag's `defaultVariant` is "off", whatever the file says. */
export function initialState(definitions) {
  const state = structuredClone(definitions);
  for (const flag of Object.values(state.flags)) flag.defaultVariant = 'off';
  return state;
}

/** Writes the all-off state to `file` atomically (a reader polling it never sees half of it). */
export function renderInitialState(file, options = {}) {
  const definitions = JSON.parse(readFileSync(options.definitionsFile ?? DEFINITIONS_FILE, 'utf8'));
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const partial = `${file}.partial-${process.pid}`;
  writeFileSync(partial, `${JSON.stringify(initialState(definitions), null, 2)}\n`, { mode: 0o644 });
  renameSync(partial, file);
  chmodSync(file, 0o644);
  if (options.owner) {
    chmodSync(dir, 0o755);
    chownSync(dir, options.owner.uid, options.owner.gid);
    chownSync(file, options.owner.uid, options.owner.gid);
  }
  return Object.keys(definitions.flags).length;
}

// Run as a script (compose's init container, the local stack, or by hand).
if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, ...rest] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: render-initial-state.mjs <state file> [--owner UID:GID]\n');
    process.exit(2);
  }
  const index = rest.indexOf('--owner');
  const count = renderInitialState(file, { owner: parseOwner(index === -1 ? undefined : rest[index + 1]) });
  process.stdout.write(`${count} faults off in ${file}\n`);
}
