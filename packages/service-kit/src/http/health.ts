import { Router } from 'express';

/** A readiness check resolves when the dependency answers and rejects (or times out) when it does not. */
export type ReadinessChecks = Record<string, () => Promise<unknown>>;

const CHECK_TIMEOUT_MS = 2_000;

export type CheckResult = { status: 'ok'; latencyMs: number } | { status: 'error'; error: string; latencyMs: number };

/** Runs every check in parallel, each bounded by a timeout, and never throws. */
export async function runReadinessChecks(checks: ReadinessChecks, timeoutMs = CHECK_TIMEOUT_MS): Promise<Record<string, CheckResult>> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, CheckResult]> => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [name, { status: 'ok', latencyMs: Math.round(performance.now() - started) }];
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return [name, { status: 'error', error: message, latencyMs: Math.round(performance.now() - started) }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return Object.fromEntries(entries);
}

/** /healthz: the process is alive (no dependency checks, so a slow store never restarts the container). /readyz: every store answers. */
export function readinessRoutes(checks: ReadinessChecks): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const results = await runReadinessChecks(checks);
    const ready = Object.values(results).every((result) => result.status === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks: results });
  });
  return router;
}
