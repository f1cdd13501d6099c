/**
 * Concurrent callers asking for the same key share one load: when a cached entry expires under load, the
 * store answers once instead of once per waiting request (a cache stampede: 16 concurrent misses for one
 * page cost FerretDB half a second each). Keys are forgotten as soon as their load settles.
 */
export function createSingleFlight<T>() {
  const inFlight = new Map<string, Promise<T>>();
  return (key: string, load: () => Promise<T>): Promise<T> => {
    const running = inFlight.get(key);
    if (running) return running;
    const started = load().finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  };
}
