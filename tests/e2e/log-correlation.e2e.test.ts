import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { endpoints, newTraceContext, waitFor } from '@shopfast/test-kit';

const LOGS = join(__dirname, '..', '..', '.stack', 'logs');

/** The lower 64 bits of a logged trace id (32 hex characters, or decimal when 128-bit logging is off). */
function lower64(traceId: string): string {
  const value = /^[0-9a-f]{32}$/.test(traceId) ? BigInt(`0x${traceId}`) : BigInt(traceId);
  return BigInt.asUintN(64, value).toString();
}

interface LogLine {
  service?: string;
  dd?: { trace_id?: string; span_id?: string };
  req?: { id?: string };
  [field: string]: unknown;
}

function linesOf(service: string): LogLine[] {
  return readFileSync(join(LOGS, `${service}.log`), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

describe('log correlation', () => {
  it('writes, while handling a request, log lines that carry that request trace id in every service it crosses', async () => {
    const context = newTraceContext();
    const response = await fetch(`${endpoints.gateway}/api/products?limit=1&category=garden`, { headers: context.headers });
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id');

    for (const service of ['gateway', 'product']) {
      const line = await waitFor(`a ${service} log line of the request`, async () =>
        linesOf(service).find((entry) => entry.dd?.trace_id !== undefined && lower64(entry.dd.trace_id) === context.traceId),
      );
      expect(line).toMatchObject({ service, env: 'local', ddsource: 'nodejs', dd: { service, env: 'local' } });
      expect(line.dd?.span_id).toMatch(/^\d+$/);
      expect(line.req?.id).toBe(requestId);
    }
  });
});
