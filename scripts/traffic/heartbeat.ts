// A file touched whenever journeys complete (at most once a second): the compose healthcheck calls
// the generator stuck when the file is older than a minute. Journeys that fail still complete, so a
// shop that is down does not make the generator look unhealthy; a generator that hangs does.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function createHeartbeat(file: string | undefined, minIntervalMs = 1_000): { beat(): void } {
  if (!file) return { beat: () => undefined };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, String(Date.now()));
  let last = Date.now();
  return {
    beat() {
      const now = Date.now();
      if (now - last < minIntervalMs) return;
      last = now;
      writeFileSync(file, String(now));
    },
  };
}
