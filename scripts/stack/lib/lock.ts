// A lock file so that two `up`/`down` runs (two terminals, or the test runner and a
// developer) do not start the same server twice or stop one mid-start.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StackError } from './errors';
import type { Logger } from './log';
import { isAlive } from './process';
import { statePaths } from './paths';

const lockFile = path.join(statePaths.run, 'stack.lock');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for the lock (up to `timeoutMs`); returns the function that releases it. */
export async function acquireLock(log: Logger, timeoutMs = 15 * 60_000): Promise<() => void> {
  fs.mkdirSync(statePaths.run, { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx' });
      return () => {
        try {
          if (fs.readFileSync(lockFile, 'utf8').trim() === String(process.pid)) fs.rmSync(lockFile);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number.parseInt(fs.readFileSync(lockFile, 'utf8'), 10);
    if (!Number.isInteger(holder) || holder === process.pid || !isAlive(holder)) {
      fs.rmSync(lockFile, { force: true }); // stale: its owner is gone
      continue;
    }
    if (Date.now() > deadline) {
      throw new StackError(`another stack command (pid ${holder}) has held ${lockFile} for too long`);
    }
    if (!announced) {
      log(`waiting for another stack command (pid ${holder}) to finish…`);
      announced = true;
    }
    await sleep(500);
  }
}
