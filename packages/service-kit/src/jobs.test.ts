import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createServiceJobs } from './jobs';

const logger = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createServiceJobs', () => {
  it('starts nothing until start(), then starts each job after the previous one has started', async () => {
    const events: string[] = [];
    const jobs = createServiceJobs(
      [
        {
          name: 'consumer',
          start: async () => {
            await sleep(20);
            events.push('consumer started');
          },
          stop: () => events.push('consumer stopped'),
        },
        { name: 'timer', start: () => events.push('timer started'), stop: () => events.push('timer stopped') },
      ],
      logger,
    );
    expect(events).toEqual([]);
    expect(jobs.names).toEqual(['consumer', 'timer']);
    await jobs.start();
    expect(events).toEqual(['consumer started', 'timer started']);
  });

  it('stops jobs in order, waiting for each, and stops the rest when one fails to stop', async () => {
    const events: string[] = [];
    const jobs = createServiceJobs(
      [
        {
          name: 'sweeper',
          stop: async () => {
            await sleep(20);
            events.push('sweeper stopped');
          },
        },
        {
          name: 'broken',
          stop: () => {
            throw new Error('cannot stop');
          },
        },
        { name: 'publisher', stop: () => events.push('publisher flushed') },
      ],
      logger,
    );
    await jobs.stop();
    expect(events).toEqual(['sweeper stopped', 'publisher flushed']);
  });
});
