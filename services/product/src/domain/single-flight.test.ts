import { describe, expect, it } from 'vitest';
import { createSingleFlight } from './single-flight';

describe('single flight', () => {
  it('runs one load for concurrent callers of a key and gives each the result', async () => {
    const once = createSingleFlight<string>();
    let loads = 0;
    let release!: (value: string) => void;
    const load = () => {
      loads += 1;
      return new Promise<string>((resolve) => (release = resolve));
    };
    const answers = Promise.all([once('p-1', load), once('p-1', load), once('p-1', load)]);
    release('product');
    expect(await answers).toEqual(['product', 'product', 'product']);
    expect(loads).toBe(1);
  });

  it('loads again once the previous load settled, also after a failure, and keeps keys apart', async () => {
    const once = createSingleFlight<number>();
    let loads = 0;
    await expect(once('a', async () => { loads += 1; throw new Error('store down'); })).rejects.toThrow('store down');
    expect(await once('a', async () => ++loads)).toBe(2);
    expect(await Promise.all([once('a', async () => ++loads), once('b', async () => ++loads)])).toEqual([3, 4]);
  });
});
