import { randomUUID } from 'node:crypto';
import { createLogger, createMetrics } from '@shopfast/service-kit';
import { LOCAL_HOST, port } from '@shopfast/stack-ports';
import { lastMetricSeq, metricLines, waitForMetric } from './dogstatsd';

/**
 * A metrics client for a service built in an integration test that sends to the stack's real DogStatsD
 * listener (not hot-shots' mock mode), tagged with a run id of its own so the running stack's lines never
 * match. `received()` reads back what arrived, in the wire format hot-shots wrote, without the run tag.
 * Before reading, a marker line is sent and waited for: UDP keeps order on loopback, so every earlier
 * line has arrived by then.
 */
export function listenedMetrics(service: string) {
  const run = `${service}-${randomUUID()}`;
  const metrics = createMetrics({ host: LOCAL_HOST, port: port('dogstatsd'), logger: createLogger({ service: `${service}-test`, env: 'test', version: '0', level: 'silent' }), globalTags: { test_run: run } });
  let since = 0;
  const settle = async () => {
    const from = await lastMetricSeq();
    const marker = randomUUID();
    metrics.increment('test.marker', 1, { marker });
    (metrics.client as unknown as { flushQueue(): void }).flushQueue();
    await waitForMetric(from, 'test.marker', (line) => line.tags.marker === marker);
  };
  return {
    metrics,
    /** received() ignores every line sent before this. */
    async reset() {
      await settle();
      since = await lastMetricSeq();
    },
    /** The lines sent since reset() that start with `prefix` ("name" or "name:"), as hot-shots wrote them, without the run tag. */
    async received(prefix = ''): Promise<string[]> {
      await settle();
      return (await metricLines(since, prefix.split(':')[0]))
        .filter((line) => line.tags.test_run === run && line.name !== 'test.marker')
        .map((line) => line.raw.replace(`#test_run:${run}`, '#').replace('|#,', '|#').replace(/\|#$/, ''))
        .filter((line) => line.startsWith(prefix));
    },
  };
}
