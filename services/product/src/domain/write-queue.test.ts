import { describe, expect, it } from 'vitest';
import { createWriteQueue } from './write-queue';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the catalog write queue', () => {
  it('runs one piece of work at a time, in order within a lane', async () => {
    const run = createWriteQueue();
    const log: string[] = [];
    let active = 0;
    const work = (name: string) => async () => {
      active++;
      expect(active).toBe(1);
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      active--;
      return name;
    };
    expect(await Promise.all([run(work('a')), run(work('b')), run(work('c'))])).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('lets urgent work overtake background work that is waiting, never the one in progress', async () => {
    const run = createWriteQueue();
    const log: string[] = [];
    const work = (name: string) => async () => {
      log.push(name);
      await tick();
    };
    const all = [run(work('turn 1'), 'background'), run(work('turn 2'), 'background'), run(work('turn 3'), 'background')];
    all.push(run(work('event'), 'urgent'));
    await Promise.all(all);
    expect(log).toEqual(['turn 1', 'event', 'turn 2', 'turn 3']);
  });

  it('keeps going after a failure, and gives the failure to its caller', async () => {
    const run = createWriteQueue();
    const failed = run(async () => {
      throw new Error('boom');
    });
    const next = run(async () => 'still runs');
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('still runs');
  });
});
