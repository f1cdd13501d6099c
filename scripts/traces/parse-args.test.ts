import { describe, expect, it } from 'vitest';
import { parseArgs } from './parse-args';

describe('parseArgs', () => {
  it('defaults to the 5 latest traces from the local agent', () => {
    expect(parseArgs([])).toEqual({ limit: 5, all: false, help: false, agentUrl: 'http://127.0.0.1:8126' });
    expect(parseArgs([], { DD_TRACE_AGENT_URL: 'http://agent:8126' }).agentUrl).toBe('http://agent:8126');
  });

  it('reads --limit, --service, --all and --id in both spellings', () => {
    expect(parseArgs(['--limit', '12', '--service', 'payment', '--all'])).toMatchObject({ limit: 12, service: 'payment', all: true });
    expect(parseArgs(['--limit=3', '--id=6b05b74f00000000050068f0a9c23ba6'])).toMatchObject({ limit: 3, id: '360403353039158182' });
  });

  it('refuses bad values with a message naming the flag', () => {
    expect(() => parseArgs(['--limit', '0'])).toThrow(/--limit/);
    expect(() => parseArgs(['--limit', '-3'])).toThrow(/--limit/);
    expect(() => parseArgs(['--limit', '2.5'])).toThrow(/--limit/);
    expect(() => parseArgs(['--limit', '5000'])).toThrow(/--limit/);
    expect(() => parseArgs(['--limit'])).toThrow('--limit needs a value');
    expect(() => parseArgs(['--id', '1;DROP'])).toThrow(/--id/);
    expect(() => parseArgs(['--service='])).toThrow('--service needs a value');
    expect(() => parseArgs(['--verbose'])).toThrow('unknown argument "--verbose"');
  });
});
