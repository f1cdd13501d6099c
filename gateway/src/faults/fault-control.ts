import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError, badRequest, notFound, type Logger } from '@shopfast/service-kit';
import type { FaultState } from '@shopfast/contracts';
import {
  faultDefinitions,
  overridesOf,
  renderFlagState,
  validateFaultValue,
  writeFlagState,
  type FaultDefinition,
  type FaultValue,
  type FlagdDocument,
} from '@shopfast/feature-flags';

/**
 * Runtime control of the faults: the runtime state file (FLAGS_FILE) that every service's flagd provider
 * reads, rewritten from the catalogue (the definitions) plus the faults switched on. The gateway is the only
 * writer; the file is read again for every request, so what it answers is what the services see.
 */

/** A fault as the admin API answers it: the contracts' faultState (one definition for the API, the CLI and the page). */
export type { FaultState };

export interface FaultControl {
  listFaults(): Promise<FaultState[]>;
  /** Throws 404 unknown_fault, 400 invalid_fault_value (naming the allowed range), 503 when the file cannot be written. */
  setFault(key: string, value: unknown): Promise<FaultState>;
  clearFault(key: string): Promise<FaultState>;
  clearAll(): Promise<FaultState[]>;
  /** The values of the faults a service reads, by key (GET /api/flags: service `web`). */
  flagsOf(service: string): Promise<Record<string, FaultValue>>;
}

export interface FaultControlOptions {
  /** The runtime state file (FLAGS_FILE). */
  stateFile: string;
  /** The catalogue (infra/flags/shopfast.flagd.json), read once. */
  definitions: FlagdDocument;
  logger: Logger;
}

const unknownFault = (key: string, known: string[]) => notFound(`No fault ${key}; the catalogue has ${known.join(', ')}`, 'unknown_fault');

export function createFaultControl({ stateFile, definitions, logger }: FaultControlOptions): FaultControl {
  // Throws at start-up on a catalogue that breaks its conventions: better than a broken admin API later.
  const catalogue = faultDefinitions(definitions);
  const byKey = new Map(catalogue.map((definition) => [definition.key, definition]));
  // Every read-modify-write runs after the previous one has finished, so two PUTs close together both
  // land (each renders from the state the other wrote). One gateway instance is the writer; see docs/faults.md.
  let writes: Promise<unknown> = Promise.resolve();
  const serialized = <T>(task: () => Promise<T>): Promise<T> => {
    const result = writes.then(task, task);
    writes = result.catch(() => undefined);
    return result;
  };

  const definitionOf = (key: string): FaultDefinition => {
    const definition = byKey.get(key);
    if (!definition) throw unknownFault(key, [...byKey.keys()]);
    return definition;
  };

  /** The faults switched on now. No state file yet: every fault is off. */
  async function readOverrides(): Promise<Record<string, FaultValue>> {
    let text: string;
    try {
      text = await readFile(stateFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new AppError('flags_file_unreadable', `Cannot read the fault state file ${stateFile}: ${(error as Error).message}`, 503);
    }
    let state: FlagdDocument;
    try {
      state = JSON.parse(text) as FlagdDocument;
      if (!state || typeof state.flags !== 'object' || state.flags === null) throw new Error('no "flags" object');
    } catch (error) {
      throw new AppError('flags_file_unreadable', `The fault state file ${stateFile} is not a flagd document (${(error as Error).message}); DELETE /api/admin/faults writes a fresh one`, 503);
    }
    // Faults the catalogue no longer has, or whose value no longer fits it, are dropped (switched off).
    const overrides: Record<string, FaultValue> = {};
    for (const [key, value] of Object.entries(overridesOf(state))) {
      const definition = byKey.get(key);
      if (!definition) continue;
      const checked = validateFaultValue(definition, value);
      if (checked.ok && checked.value !== definition.default) overrides[key] = checked.value;
    }
    return overrides;
  }

  async function write(overrides: Record<string, FaultValue>): Promise<void> {
    try {
      await writeFlagState(stateFile, renderFlagState(definitions, overrides));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
      const folder = dirname(stateFile);
      const writable = await access(folder, constants.W_OK).then(
        () => true,
        () => false,
      );
      logger.error({ err: error, stateFile }, 'fault state file not written');
      throw new AppError(
        'flags_file_not_writable',
        writable
          ? `Could not write the fault state file ${stateFile} (${code}); no fault was changed`
          : `The fault state file's folder ${folder} does not exist or is not writable by the gateway (${code}); no fault was changed. Check FLAGS_FILE and the folder's permissions`,
        503,
      );
    }
  }

  const stateOf = (definition: FaultDefinition, overrides: Record<string, FaultValue>): FaultState => {
    const value = overrides[definition.key] ?? definition.default;
    const { key, description, type, default: off, on, min, max, unit, service, signal, monitor } = definition;
    return {
      key,
      description,
      type,
      value,
      default: off,
      on,
      ...(min === undefined ? {} : { min }),
      ...(max === undefined ? {} : { max }),
      ...(unit === undefined ? {} : { unit }),
      service,
      signal,
      monitor,
      active: value !== off,
    };
  };

  return {
    async listFaults() {
      const overrides = await readOverrides();
      return catalogue.map((definition) => stateOf(definition, overrides));
    },

    async setFault(key, raw) {
      const definition = definitionOf(key);
      const checked = validateFaultValue(definition, raw);
      if (!checked.ok) throw badRequest('invalid_fault_value', checked.message, { key, allowed: allowedOf(definition) });
      return serialized(async () => {
        const overrides = await readOverrides();
        // Setting the off value switches the fault off: the state file lists only faults that are on.
        if (checked.value === definition.default) delete overrides[key];
        else overrides[key] = checked.value;
        await write(overrides);
        logger.info({ fault: key, value: checked.value }, 'fault switched');
        return stateOf(definition, overrides);
      });
    },

    async clearFault(key) {
      const definition = definitionOf(key);
      return serialized(async () => {
        const overrides = await readOverrides();
        delete overrides[key];
        await write(overrides);
        logger.info({ fault: key, value: definition.default }, 'fault switched off');
        return stateOf(definition, overrides);
      });
    },

    async clearAll() {
      // Never reads the old file: a state file that cannot be parsed is replaced by one with every fault off.
      return serialized(async () => {
        await write({});
        logger.info('every fault switched off');
        return catalogue.map((definition) => stateOf(definition, {}));
      });
    },

    async flagsOf(service) {
      const overrides = await readOverrides();
      return Object.fromEntries(catalogue.filter((definition) => definition.service === service).map((definition) => [definition.key, overrides[definition.key] ?? definition.default]));
    },
  };
}

/** The range in data, beside the message in words (allowedRange): clients can show or check it. */
function allowedOf(definition: FaultDefinition) {
  return definition.type === 'boolean' ? { type: 'boolean' } : { type: 'number', min: definition.min, max: definition.max, ...(definition.unit ? { unit: definition.unit } : {}) };
}
