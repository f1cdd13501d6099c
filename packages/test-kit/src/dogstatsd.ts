import { endpoints } from './endpoints';
import { waitFor } from './wait-for';

/** One metric line as the local DogStatsD listener parsed it (scripts/dogstatsd). */
export interface MetricLine {
  seq: number;
  raw: string;
  name: string;
  value: string;
  type: string;
  sampleRate: number;
  tags: Record<string, string>;
}

/** The listener's latest sequence number: read it before acting, then only look at newer lines. */
export async function lastMetricSeq(): Promise<number> {
  const response = await fetch(`${endpoints.dogstatsdApi}/lines?since=${Number.MAX_SAFE_INTEGER}`);
  const body = (await response.json()) as { lastSeq: number };
  return body.lastSeq;
}

export async function metricLines(since: number, name?: string): Promise<MetricLine[]> {
  const query = new URLSearchParams({ since: String(since) });
  if (name) query.set('name', name);
  const response = await fetch(`${endpoints.dogstatsdApi}/lines?${query}`);
  if (!response.ok) throw new Error(`dogstatsd listener answered ${response.status}`);
  return ((await response.json()) as { lines: MetricLine[] }).lines;
}

/** Waits for a line named `name` received after `since` that satisfies `matches`. */
export function waitForMetric(since: number, name: string, matches: (line: MetricLine) => boolean = () => true, timeoutMs = 10_000): Promise<MetricLine> {
  return waitFor(`metric ${name}`, async () => (await metricLines(since, name)).find(matches), timeoutMs);
}
