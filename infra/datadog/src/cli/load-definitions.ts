// The real definitions for `npm run datadog`: rendered from the settings of the environment (src/definitions/
// settings.ts), strictly when they are about to be published (plan, apply, export need a public shop URL).
// A bad setting is a ConfigError, so the command stops with exit code 2 before any request.
import { allDefinitions } from '../definitions';
import { settingsFromEnv } from '../definitions/settings';
import { ConfigError } from './config';
import type { LoadedDefinitions, LoadPurpose } from './run';

export function loadDefinitions(env: NodeJS.ProcessEnv, purpose: LoadPurpose): LoadedDefinitions {
  let settings: ReturnType<typeof settingsFromEnv>;
  try {
    settings = settingsFromEnv(env, { publish: purpose === 'publish' });
  } catch (error) {
    // One problem per line of "Invalid Datadog definition settings:\n  NAME: problem\n  ...", as the keys' are.
    const [, ...problems] = (error as Error).message.split('\n');
    throw new ConfigError(problems.length > 0 ? problems.map((problem) => problem.trim()) : [(error as Error).message]);
  }
  return { env: settings.env, definitions: allDefinitions(settings) };
}
