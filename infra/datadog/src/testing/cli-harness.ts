// Runs `npm run datadog` commands in-process against the fake API, with the fixture definitions unless a test
// passes its own, and keeps what they print.
import { runCli, type CliDeps } from '../cli/run';
import type { Definition } from '../definitions/types';
import { FakeDatadog } from './fake-datadog';
import { FIXTURE_ENV, FIXTURE_WEBHOOK_SECRET, fixtureDefinitions } from './fixtures';

export const FAKE_KEYS = { DD_API_KEY: 'fake-api-key', DD_APP_KEY: 'fake-app-key' } as const;

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export interface Harness {
  fake: FakeDatadog;
  /** The fake's base URL, for tests that call it directly. */
  url: string;
  /**
   * Runs a command; `env` replaces the default environment (keys and secret) when given; `definitions` and
   * `scope` (the env they are for, default `test`) replace the fixtures of env `test`.
   */
  run(argv: string[], options?: { env?: NodeJS.ProcessEnv; definitions?: Definition[]; scope?: string; deps?: Partial<CliDeps> }): Promise<CliRun>;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const fake = new FakeDatadog({ apiKey: FAKE_KEYS.DD_API_KEY, appKey: FAKE_KEYS.DD_APP_KEY });
  const url = await fake.start();
  return {
    fake,
    url,
    async run(argv, options = {}) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(argv, {
        env: options.env ?? { ...FAKE_KEYS, SHOPFAST_WEBHOOK_SECRET: FIXTURE_WEBHOOK_SECRET },
        repoRoot: '/nonexistent-repo',
        out: (text) => out.push(text),
        err: (text) => err.push(text),
        loadDefinitions: () => ({ env: options.scope ?? FIXTURE_ENV, definitions: options.definitions ?? fixtureDefinitions(options.scope ?? FIXTURE_ENV) }),
        lint: () => [],
        apiBaseUrl: url,
        ...options.deps,
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    },
    stop: () => fake.stop(),
  };
}
