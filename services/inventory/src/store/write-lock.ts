import { randomUUID } from 'node:crypto';
import type { Collection, MongoServerError } from 'mongodb';
import { AppError } from '@shopfast/service-kit';
import type { MongoStore } from '@shopfast/stores';

interface LockDocument {
  _id: string;
  owner: string;
  expiresAt: Date;
}

export interface WriteLockOptions {
  /** false: only the in-process queue (enough on MongoDB, whose conditional updates are atomic). */
  enabled: boolean;
  /** A lock older than this is assumed to belong to a crashed process and may be taken over. */
  leaseMs?: number;
  /** How long a writer waits for a lock before giving up with 503. */
  waitMs?: number;
}

const DUPLICATE_KEY = 11000;

/**
 * The lock stayed taken for the whole wait (503, retryable). Thrown before any of the work ran, so a
 * caller knows nothing was written under it.
 */
export class LockBusyError extends AppError {
  constructor(readonly key: string) {
    super('stock_busy', 'Stock is being updated by other requests; try again', 503, { retryable: true });
  }
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Mutual exclusion per key (a SKU, a reservation) for read-check-write sequences on MongoDB documents.
 *
 * Why: FerretDB 1.x (the local stand-in for MongoDB) runs `findAndModify` and `update` as "query, apply
 * the update in Go, write the whole document back by _id", with nothing re-checking the filter at write
 * time. Under concurrency, `{available: {$gte: qty}}` filters and `$inc` both lose updates and oversell
 * (measured: 40 parallel single-unit reservations on a stock of 10 all "succeeded"). The one operation
 * FerretDB does make atomic is an insert, through SQLite's unique index on `_id`. So a lock is a document
 * whose insert succeeds for exactly one writer; the others wait and retry.
 *
 * Two layers: writers in this process queue on a promise chain per key (no polling, no hot spinning),
 * and the lock document keeps separate processes apart. On MongoDB 7 the guarded updates are atomic on
 * their own; the lock only serialises them (it can be switched off with STOCK_WRITE_LOCKS=false).
 */
export function createWriteLock(mongo: MongoStore, options: WriteLockOptions) {
  const locks: Collection<LockDocument> = mongo.db.collection<LockDocument>('write_locks');
  const leaseMs = options.leaseMs ?? 10_000;
  const waitMs = options.waitMs ?? 5_000;
  const queues = new Map<string, Promise<unknown>>();

  async function acquire(key: string): Promise<string> {
    const owner = randomUUID();
    const deadline = Date.now() + waitMs;
    for (let attempt = 0; ; attempt++) {
      try {
        await locks.insertOne({ _id: key, owner, expiresAt: new Date(Date.now() + leaseMs) });
        return owner;
      } catch (error) {
        if ((error as MongoServerError).code !== DUPLICATE_KEY) throw error;
      }
      const holder = await locks.findOne({ _id: key });
      // A lease past its expiry was left by a process that died holding it.
      if (holder && holder.expiresAt.getTime() < Date.now()) await locks.deleteOne({ _id: key, owner: holder.owner });
      if (Date.now() > deadline) throw new LockBusyError(key);
      await sleep(Math.min(2 + attempt * 2, 25) + Math.random() * 5);
    }
  }

  async function withDocumentLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    if (!options.enabled) return work();
    const owner = await acquire(key);
    try {
      return await work();
    } finally {
      await locks.deleteOne({ _id: key, owner });
    }
  }

  return {
    /**
     * Runs `work` while holding the lock for `key`. Callers nest locks in one order only, a reservation's
     * then a SKU's, never the reverse, so two writers cannot wait on each other.
     */
    async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
      const previous = queues.get(key) ?? Promise.resolve();
      const run = previous.then(
        () => withDocumentLock(key, work),
        () => withDocumentLock(key, work),
      );
      const settled = run.catch(() => undefined);
      queues.set(key, settled);
      try {
        return await run;
      } finally {
        // The last writer in the queue removes it, so the map does not grow with every SKU ever touched.
        if (queues.get(key) === settled) queues.delete(key);
      }
    },
  };
}

export type WriteLock = ReturnType<typeof createWriteLock>;
