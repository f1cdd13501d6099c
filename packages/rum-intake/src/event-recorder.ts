// A bounded, in-memory record of the RUM and browser-log events that reached the intake, so a
// developer or a test can read back what a browser reported without a Datadog account.

/** Which SDK stream a batch came from (the path the SDK asked to forward to: /api/v2/<track>). */
export type IntakeTrack = 'rum' | 'logs' | 'replay';

export interface RecordedEvent {
  /** Increases by one per event for the life of the process; `since` pages on it. */
  seq: number;
  receivedAt: string;
  track: IntakeTrack;
  /** The event's own `type` (view, action, resource, error, long_task, vital, telemetry); `log` for logs. */
  type: string;
  event: Record<string, unknown>;
}

export interface EventQuery {
  /** Only events with a seq greater than this. */
  since?: number;
  type?: string;
  limit?: number;
}

export interface RumEventRecorder {
  readonly capacity: number;
  add(track: IntakeTrack, events: Record<string, unknown>[]): void;
  list(query?: EventQuery): { items: RecordedEvent[]; lastSeq: number; evicted: number };
}

/** Keeps the most recent `capacity` events; the oldest are dropped first (a ring buffer). */
export function createRumEventRecorder(options: { capacity?: number } = {}): RumEventRecorder {
  const capacity = options.capacity ?? 5_000;
  if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`capacity must be a positive integer (got ${capacity})`);
  const ring: (RecordedEvent | undefined)[] = new Array<RecordedEvent | undefined>(capacity);
  let next = 0; // slot the next event goes to
  let size = 0;
  let lastSeq = 0;
  let evicted = 0;

  return {
    capacity,
    add(track, events) {
      const receivedAt = new Date().toISOString();
      for (const event of events) {
        lastSeq += 1;
        if (size === capacity) evicted += 1;
        else size += 1;
        const type = track === 'logs' ? 'log' : typeof event.type === 'string' ? event.type : 'unknown';
        ring[next] = { seq: lastSeq, receivedAt, track, type, event };
        next = (next + 1) % capacity;
      }
    },
    list(query = {}) {
      const items: RecordedEvent[] = [];
      const oldest = (next - size + capacity) % capacity;
      for (let i = 0; i < size; i++) {
        const item = ring[(oldest + i) % capacity];
        if (!item) continue;
        if (query.since !== undefined && item.seq <= query.since) continue;
        if (query.type !== undefined && item.type !== query.type) continue;
        items.push(item);
        if (query.limit !== undefined && items.length >= query.limit) break;
      }
      return { items, lastSeq, evicted };
    },
  };
}
