/**
 * The catalog's writes, one at a time (on FerretDB an update rewrites the whole document, so two writers
 * of one product must not interleave), with two lanes: `urgent` work (a stock event, a price change)
 * always goes before `background` work (a reconciliation turn) that is waiting, so a long catch-up
 * delays a real change by the one turn in progress at most.
 */
export function createWriteQueue() {
  let busy = false;
  const waiting = { urgent: [] as Array<() => void>, background: [] as Array<() => void> };

  return async function run<T>(work: () => Promise<T>, lane: 'urgent' | 'background' = 'urgent'): Promise<T> {
    // Woken by the previous holder, which hands over without ever marking the queue free.
    if (busy) await new Promise<void>((resolve) => waiting[lane].push(resolve));
    else busy = true;
    try {
      return await work();
    } finally {
      const next = waiting.urgent.shift() ?? waiting.background.shift();
      if (next) next();
      else busy = false;
    }
  };
}

export type WriteQueue = ReturnType<typeof createWriteQueue>;
