import { describe, expect, it } from 'vitest';
import { redactedUrl } from './trace-redaction';

const slack = ['https://hooks.slack.com/services/T0001/B0002/abcdefSECRET', 'http://127.0.0.1:8027/slack/critical'];

describe('hiding credential URLs from spans', () => {
  it('keeps the scheme and host of a hidden URL and drops its path', () => {
    expect(redactedUrl('https://hooks.slack.com/services/T0001/B0002/abcdefSECRET', slack)).toBe('https://hooks.slack.com/<redacted>');
    expect(redactedUrl('http://127.0.0.1:8027/slack/critical', slack)).toBe('http://127.0.0.1:8027/<redacted>');
  });

  it('also hides it with a query, a trailing slash or a longer path under it', () => {
    expect(redactedUrl('https://hooks.slack.com/services/T0001/B0002/abcdefSECRET/?x=1', slack)).toBe('https://hooks.slack.com/<redacted>');
    expect(redactedUrl('http://127.0.0.1:8027/slack/critical/more', slack)).toBe('http://127.0.0.1:8027/<redacted>');
  });

  it('leaves every other URL alone: another path of the same host, a prefix that is not a path segment, another host', () => {
    expect(redactedUrl('https://hooks.slack.com/services/T0001/B0002/other', slack)).toBeUndefined();
    expect(redactedUrl('http://127.0.0.1:8027/slack/criticality', slack)).toBeUndefined();
    expect(redactedUrl('http://127.0.0.1:8027/v2/enqueue', slack)).toBeUndefined();
    expect(redactedUrl('not a url', slack)).toBeUndefined();
  });
});
