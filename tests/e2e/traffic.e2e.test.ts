// `npm run traffic` against the running stack, held against the gateway's own count of what it
// answered (shopfast_http_requests_total on GET /metrics, read before and after the run).
// The acceptance run is 60 s at 20 journeys/s; the suite runs the same rate for 20 s.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { endpoints } from '@shopfast/test-kit';

const REPO = path.resolve(__dirname, '..', '..');
const RATE = 20;
const DURATION_SECONDS = 20;

/** What this test reads of the generator's --json summary (scripts/traffic/summary.ts). */
interface Summary {
  totals: { journeys: number; requests: number; errors: number; errorRate: number; dropped: number; cutJourneys: number };
  journeys: Array<{ name: string; count: number; errors: number; outcomes: Record<string, number> }>;
  routes: Array<{ method: string; path: string; requests: number; byStatusClass: Record<string, number> }>;
  errorKinds: Array<{ kind: string; count: number; example: string }>;
  passed: boolean;
}

/** shopfast_http_requests_total by `METHOD route status_class`. */
async function gatewayCounts(): Promise<Map<string, number>> {
  const response = await fetch(`${endpoints.gateway}/metrics`);
  expect(response.status).toBe(200);
  const counts = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    const match = /^shopfast_http_requests_total\{([^}]*)\} (\d+(?:\.\d+)?)$/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...match[1]!.matchAll(/(\w+)="([^"]*)"/g)].map(([, name, value]) => [name!, value!]));
    counts.set(`${labels.method} ${labels.route} ${labels.status_class}`, Number(match[2]));
  }
  return counts;
}

function runTraffic(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'traffic', '--', ...args], { cwd: REPO, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run traffic against the local stack', () => {
  it(`runs ${RATE} journeys/s for ${DURATION_SECONDS} s under 1 % errors, every journey, and counts what the gateway counted`, async () => {
    const jsonFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shopfast-traffic-e2e-')), 'summary.json');
    const before = await gatewayCounts();
    // --grace 60: every journey finishes, so no request is cut half-way (cut requests may or may not reach the gateway's count).
    const run = await runTraffic(['--rate', String(RATE), '--duration', String(DURATION_SECONDS), '--grace', '60', '--seed', '1313', '--json', jsonFile]);
    const after = await gatewayCounts();
    const summary = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as Summary;
    const context = `${run.stdout}\n${run.stderr.slice(-3_000)}`;

    expect(run.code, context).toBe(0);
    expect(summary.passed).toBe(true);
    expect(summary.totals.errorRate, JSON.stringify(summary.errorKinds, null, 2)).toBeLessThan(0.01);
    expect(summary.errorKinds.filter((kind) => / 429$/.test(kind.kind)), 'the gateway rate-limited the generator').toEqual([]);
    expect(summary.totals).toMatchObject({ dropped: 0, cutJourneys: 0 });
    // 20/s for 20 s: 400 arrivals on average (Poisson, sd 20), plus the setup journey.
    expect(summary.totals.journeys).toBeGreaterThan(300);
    expect(summary.totals.journeys).toBeLessThan(500);

    // Every journey of the mix ran, and the business results each is there for happened.
    const journeys = new Map(summary.journeys.map((journey) => [journey.name, journey]));
    for (const name of ['setup', 'browse', 'category', 'search', 'search-no-results', 'view-product', 'add-to-cart', 'abandon-cart', 'sign-up', 'log-in', 'checkout', 'checkout-declined', 'view-orders', 'checkout-retry']) {
      expect(journeys.get(name)?.count ?? 0, name).toBeGreaterThan(0);
    }
    expect(journeys.get('checkout')!.outcomes.confirmed ?? 0).toBeGreaterThan(0);
    expect(journeys.get('checkout-declined')!.outcomes.declined ?? 0).toBeGreaterThan(0);
    expect(journeys.get('checkout-retry')!.outcomes.replayed ?? 0).toBeGreaterThan(0);
    expect(journeys.get('search-no-results')!.outcomes.no_results ?? 0).toBeGreaterThan(0);

    // Route by route and status class by status class, the gateway counted at least what the generator
    // sent (never less: a route the generator names differently, or a request it counts twice, fails
    // here), and nothing the generator missed. The suite runs e2e files one at a time, so the delta is
    // the generator's alone; a few requests of slack per line absorb another client on a shared stack.
    const rows: Array<{ key: string; generator: number; gateway: number }> = [];
    for (const route of summary.routes) {
      for (const statusClass of ['2xx', '3xx', '4xx', '5xx']) {
        const key = `${route.method} ${route.path} ${statusClass}`;
        const generator = route.byStatusClass[statusClass] ?? 0;
        const gateway = (after.get(key) ?? 0) - (before.get(key) ?? 0);
        if (generator > 0 || gateway > 0) rows.push({ key, generator, gateway });
      }
    }
    const table = rows.map((row) => `${row.key.padEnd(45)} generator ${String(row.generator).padStart(5)}  gateway ${String(row.gateway).padStart(5)}`).join('\n');
    expect(rows.length, table).toBeGreaterThanOrEqual(14);
    for (const row of rows) {
      expect(row.gateway, `${row.key}: the gateway counted fewer than the generator sent\n${table}`).toBeGreaterThanOrEqual(row.generator);
      expect(row.gateway - row.generator, `${row.key}: the gateway counted requests the generator did not\n${table}`).toBeLessThanOrEqual(Math.max(3, Math.ceil(row.generator * 0.03)));
    }
    // Every request the generator counted is in some line above, or had no answer at all.
    const answered = rows.reduce((sum, row) => sum + row.generator, 0);
    const unanswered = summary.routes.reduce((sum, route) => sum + (route.byStatusClass.network ?? 0), 0);
    expect(answered + unanswered).toBe(summary.totals.requests);
  }, 180_000);
});
