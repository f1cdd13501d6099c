// The product faults in the running stack (docs/faults.md): searchSlow, endpointErrorSpike, memoryLeak.
// Each is switched on in the stack's state file, shows its promised signal at the test agent or the DogStatsD
// listener, trips its Datadog monitor (the monitor's signal evaluated on what arrived), is switched off again
// (always), and stays within the monitor's threshold off; the shop answers normally afterwards.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lastMetricSeq, metricLines, newTraceContext, waitFor, type TestTraceContext } from '@shopfast/test-kit';
import { api } from '../shop-client';
import { allFaultsOff, entrySpan, inStockProduct, resetFaults, spansOf, switchFaults, untilEffect } from './fault-kit';
import { expectMonitor, signalMetrics, windowSpans, windowTrace } from './monitor-kit';

beforeEach(resetFaults);
afterEach(resetFaults);

/** A public read through the gateway, timed, in a trace the test knows (its own, or a monitor window's). */
async function timedRead(path: string, context: TestTraceContext = newTraceContext()) {
  const started = performance.now();
  const response = await api(path, { headers: context.headers });
  return { ...response, tookMs: performance.now() - started, traceId: context.traceId };
}
/** A monitor window of `count` reads of `path`, all at once, in one trace: that trace once product answered them all. */
async function readWindow(path: string, count: number) {
  const window = windowTrace();
  await Promise.all(Array.from({ length: count }, () => timedRead(path, window)));
  return windowSpans(window, count, 'product');
}
const withProduct = (spans: Parameters<typeof entrySpan>[0]) => Boolean(entrySpan(spans, 'product'));

describe('searchSlow', () => {
  it('slows every GET /search by its value, trips the search latency monitor, and searches are fast again when off', async () => {
    await switchFaults({ searchSlow: 1500 });
    const slow = await untilEffect('a slow search', async () => {
      const read = await timedRead('/api/search?q=lamp');
      expect(read.status).toBe(200);
      return read.tookMs >= 1500 ? read : undefined;
    });
    const slowSpans = await spansOf(slow.traceId, withProduct);
    const span = entrySpan(slowSpans, 'product')!;
    expect(span.meta['feature_flags.searchSlow']).toBe('1500');
    expect(span.duration).toBeGreaterThanOrEqual(1500 * 1e6);
    // The monitor's window: the first slow search and four more, each past the threshold (p95 of five is their
    // slowest, so the percentile alone would show one).
    expectMonitor('searchSlow', { traces: [slowSpans, await readWindow('/api/search?q=lamp', 4)] }, 'critical', { everyValue: true });

    await allFaultsOff();
    await untilEffect('a fast search again', async () => {
      const read = await timedRead('/api/search?q=lamp');
      return read.status === 200 && read.tookMs < 1000 ? true : undefined;
    });
    // The monitor's window once recovered: the next five searches.
    expectMonitor('searchSlow', { traces: [await readWindow('/api/search?q=lamp', 5)] }, 'not critical');
  });
});

describe('endpointErrorSpike', () => {
  it('answers its share of GET /products/:id with 500 internal_error, trips the product detail error rate monitor, and recovers when off', async () => {
    const product = await inStockProduct('lamp');
    const detail = `/api/products/${product.id}`;
    await switchFaults({ endpointErrorSpike: 0.5 });
    const failed = await untilEffect('a failed product read', async () => {
      const read = await timedRead(detail);
      return read.status === 500 ? read : undefined;
    });
    expect(failed.body.error.code).toBe('internal_error');
    expect(JSON.stringify(failed.body), 'the public answer does not name the fault').not.toContain('endpointErrorSpike');
    const failedSpans = await spansOf(failed.traceId, withProduct);
    const span = entrySpan(failedSpans, 'product')!;
    expect(span.error).toBe(1);
    expect(span.meta['feature_flags.endpointErrorSpike']).toBe('0.5');
    // One endpoint only: listings and search still answer.
    expect((await api('/api/products?limit=3')).status).toBe(200);
    expect((await api('/api/search?q=lamp')).status).toBe(200);
    // The monitor's window: from the first failed read, twenty reads at the catalogue's share (~half fail).
    expectMonitor('endpointErrorSpike', { traces: [failedSpans, await readWindow(detail, 19)] }, 'critical');

    // A share fails: a read that answers proves nothing, so wait until every service has seen the switch.
    await resetFaults();
    expect((await api(detail)).status).toBe(200);
    expectMonitor('endpointErrorSpike', { traces: [await readWindow(detail, 20)] }, 'not critical');
  });
});

describe('memoryLeak', () => {
  const MB = 1024 * 1024;
  /** The product service's heap readings (runtime.node.mem.heap_used, bytes, one every ~10 s) since `since`. */
  const heapReadings = async (since: number) => (await signalMetrics('memoryLeak', since)).filter((line) => line.tags.service === 'product');
  /**
   * 8 MB a second, 60 times the catalogue's rate: the monitor compares the heap's 5-minute mean with the one 10
   * minutes earlier; the test compresses both windows to one 10 s reading each, ~20 s apart, so the leak must
   * show in seconds (docs/faults.md, memoryLeak).
   */
  const LEAK_MB_PER_MINUTE = 480;

  it('grows the product heap by its rate while on, trips the heap growth monitor, and stops growing when off', async () => {
    // Fault off: the change between two readings ~20 s apart that the listener already holds (or the next ones).
    const history = await waitFor('three heap readings', async () => {
      const readings = await heapReadings(0);
      return readings.length >= 3 ? readings.slice(-3) : undefined;
    }, 35_000, 500);
    expectMonitor('memoryLeak', { metrics: [history[2]!], baseline: { metrics: [history[0]!] } }, 'not critical');

    const leaking = await lastMetricSeq();
    const switchedAt = Date.now();
    await switchFaults({ memoryLeak: LEAK_MB_PER_MINUTE });
    // Seen within ~5-7 s: a reading taken 20 s after the switch has 13 s or more of leak behind it (~100 MB).
    const leaked = await waitFor('a heap reading 20 s after the switch', async () => {
      return (await heapReadings(leaking)).find((reading) => Date.parse(reading.at ?? '') >= switchedAt + 20_000);
    }, 40_000, 500);
    expect(Number(leaked.value)).toBeGreaterThan(Number(history[2]!.value));
    expectMonitor('memoryLeak', { metrics: [leaked], baseline: { metrics: [history[2]!] } }, 'critical');

    await allFaultsOff();
    // Two consecutive readings after the switch that moved less than 8 MB: still leaking they would be ~80 MB apart.
    const stopped = await lastMetricSeq();
    const calm = await waitFor('two heap readings 10 s apart without the leak\'s growth', async () => {
      const readings = (await metricLines(stopped, 'runtime.node.mem.heap_used')).filter((line) => line.tags.service === 'product').map((line) => Number(line.value));
      const index = readings.findIndex((value, at) => at > 0 && value - readings[at - 1]! < 8 * MB);
      return index > 0 ? readings.slice(index - 1, index + 1) : undefined;
    }, 35_000, 500);
    expect(calm[1]! - calm[0]!).toBeLessThan(8 * MB);
    expect((await api('/api/products?limit=5')).status).toBe(200);
  }, 90_000);
});
