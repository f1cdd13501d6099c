import { describe, expect, it } from 'vitest';
import { parseLine, splitPacket } from './parse-line';

function parsed(raw: string) {
  const result = parseLine(raw);
  if (!result.ok) throw new Error(`expected "${raw}" to parse, got: ${result.reason}`);
  return result.line;
}

function reason(raw: string): string {
  const result = parseLine(raw);
  if (result.ok) throw new Error(`expected "${raw}" to be rejected`);
  return result.reason;
}

describe('parseLine', () => {
  it('reads a counter with rate and tags as hot-shots sends it', () => {
    expect(parsed('checkout.completed:1|c|@0.5|#env:local,service:order,version:0.1.0')).toEqual({
      raw: 'checkout.completed:1|c|@0.5|#env:local,service:order,version:0.1.0',
      name: 'checkout.completed',
      value: '1',
      type: 'c',
      sampleRate: 0.5,
      tags: { env: 'local', service: 'order', version: '0.1.0' },
      tagList: ['env:local', 'service:order', 'version:0.1.0'],
    });
  });

  it('defaults the sample rate to 1 and tags to empty', () => {
    const line = parsed('x.y:1|c');
    expect(line.sampleRate).toBe(1);
    expect(line.tags).toEqual({});
    expect(line.tagList).toEqual([]);
  });

  it.each(['c', 'g', 'ms', 'h', 's', 'd'])('accepts metric type %s', (type) => {
    expect(parsed(`m:42|${type}`).type).toBe(type);
  });

  it('keeps values as sent: decimals, signed gauges, packed values, set members', () => {
    expect(parsed('latency:12.5|d').value).toBe('12.5');
    expect(parsed('queue.depth:-3|g').value).toBe('-3');
    expect(parsed('latency:1:2.5:3|d').value).toBe('1:2.5:3');
    expect(parsed('users.unique:alice@example.com|s').value).toBe('alice@example.com');
  });

  it('maps tags without a value to "" and lets a repeated key keep the last value', () => {
    const line = parsed('m:1|c|#canary,env:a,env:b,url:http://x:80/y');
    expect(line.tags).toEqual({ canary: '', env: 'b', url: 'http://x:80/y' });
    expect(line.tagList).toEqual(['canary', 'env:a', 'env:b', 'url:http://x:80/y']);
  });

  it('keeps the container id, timestamp and unknown fields raw', () => {
    const line = parsed('m:1|g|#env:local|c:ci-1234|T1700000000|e:it-false,cn-web');
    expect(line.containerId).toBe('ci-1234');
    expect(line.timestamp).toBe('1700000000');
    expect(line.extraFields).toEqual(['e:it-false,cn-web']);
  });

  it('reads service checks and events', () => {
    const check = parsed('_sc|db.reachable|2|#env:local|m:connection refused');
    expect(check).toMatchObject({ type: 'sc', name: 'db.reachable', value: '2', tags: { env: 'local' } });
    const event = parsed('_e{5,8}:Order|was|paid|#env:local');
    expect(event).toMatchObject({ type: 'e', name: 'Order', value: 'was|paid', tags: { env: 'local' } });
  });

  it.each([
    ['', 'expected <name>:<value>'],
    ['garbage', 'expected <name>:<value>'],
    [':1|c', 'expected <name>:<value>'],
    ['m:|c', 'empty value'],
    ['m:1', 'missing |<type>'],
    ['m:1|x', 'unknown metric type "x"'],
    ['m:abc|c', 'value "abc" is not a number'],
    ['m:1|c|@2', 'bad sample rate "@2"'],
    ['m:1|c|@zero', 'bad sample rate "@zero"'],
    ['_sc|check|7', 'bad service check status "7"'],
    ['_e{10,2}:short|ab', 'event title/text lengths do not match'],
  ])('rejects %j (%s) without throwing', (raw, expected) => {
    expect(reason(raw)).toBe(expected);
  });
});

describe('splitPacket', () => {
  it('splits multi-line packets and drops empty lines and trailing \\r', () => {
    expect(splitPacket('a:1|c\nb:2|g\r\n\n')).toEqual(['a:1|c', 'b:2|g']);
  });
});
