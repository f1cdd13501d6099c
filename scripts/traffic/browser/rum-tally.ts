// What the RUM intake received from the generator's own browser sessions: read back from the local
// intake (GET /api/rum/events on the edge, served by the gateway when it records instead of
// forwarding to Datadog), grouped by RUM session id, and summed over the sessions our browsers had.

interface RecordedEvent {
  seq: number;
  track: string;
  type: string;
  event: Record<string, unknown>;
}

interface SessionTally {
  views: Set<string>;
  actions: number;
  clicks: number;
  errors: number;
  resources: number;
  purchases: number;
  logErrors: number;
}

const PAGE = 5_000;

const read = (value: unknown, ...path: string[]): unknown => path.reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), value);

export function createRumTally(edge: string) {
  const bySession = new Map<string, SessionTally>();
  const ours = new Set<string>();
  let since = 0;
  let available = true;
  let problem = '';

  const tallyOf = (session: string) => {
    let tally = bySession.get(session);
    if (!tally) {
      tally = { views: new Set(), actions: 0, clicks: 0, errors: 0, resources: 0, purchases: 0, logErrors: 0 };
      bySession.set(session, tally);
    }
    return tally;
  };

  function add(item: RecordedEvent): void {
    const session = read(item.event, 'session', 'id');
    if (typeof session !== 'string') return;
    const tally = tallyOf(session);
    if (item.track === 'logs') {
      if (read(item.event, 'status') === 'error') tally.logErrors++;
      return;
    }
    switch (item.type) {
      case 'view': {
        const view = read(item.event, 'view', 'id');
        if (typeof view === 'string') tally.views.add(view);
        break;
      }
      case 'action':
        if (read(item.event, 'action', 'type') === 'click') tally.clicks++;
        else tally.actions++;
        if (read(item.event, 'action', 'target', 'name') === 'purchase_completed') tally.purchases++;
        break;
      case 'error':
        tally.errors++;
        break;
      case 'resource':
        tally.resources++;
        break;
    }
  }

  async function page(): Promise<number> {
    const response = await fetch(`${edge}/api/rum/events?since=${since}&limit=${PAGE}`, { signal: AbortSignal.timeout(10_000) });
    if (response.status !== 200) {
      available = false;
      problem = `GET /api/rum/events answered ${response.status} (events go to Datadog, or this machine may not read them)`;
      return 0;
    }
    const body = (await response.json()) as { items: RecordedEvent[]; lastSeq: number };
    for (const item of body.items) add(item);
    since = body.items.length > 0 ? body.items[body.items.length - 1]!.seq : Math.max(since, body.lastSeq);
    return body.items.length;
  }

  return {
    /** Starts counting from now: earlier events (other runs, other tests) are skipped. */
    async start(): Promise<void> {
      try {
        const response = await fetch(`${edge}/api/rum/events?limit=1&since=999999999999999`, { signal: AbortSignal.timeout(10_000) });
        if (response.status !== 200) throw new Error(`GET /api/rum/events answered ${response.status}`);
        since = ((await response.json()) as { lastSeq: number }).lastSeq;
      } catch (error) {
        available = false;
        problem = error instanceof Error ? error.message : String(error);
      }
    },
    /** Reads what arrived since the last poll. */
    async poll(): Promise<void> {
      if (!available) return;
      try {
        while ((await page()) === PAGE);
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
    },
    /** A RUM session one of our browsers had (from its _dd_s cookie). */
    addSession(id: string): void {
      ours.add(id);
    },
    get available() {
      return available;
    },
    get problem() {
      return problem;
    },
    counts(): Record<string, number> {
      const mine = [...ours].map((id) => bySession.get(id)).filter((tally): tally is SessionTally => tally !== undefined);
      const sum = (pick: (tally: SessionTally) => number) => mine.reduce((total, tally) => total + pick(tally), 0);
      return {
        sessions: ours.size,
        sessionsSeen: mine.length,
        views: sum((tally) => tally.views.size),
        customActions: sum((tally) => tally.actions),
        clicks: sum((tally) => tally.clicks),
        resources: sum((tally) => tally.resources),
        errors: sum((tally) => tally.errors),
        logErrors: sum((tally) => tally.logErrors),
        purchaseCompleted: sum((tally) => tally.purchases),
      };
    },
  };
}

export type RumTally = ReturnType<typeof createRumTally>;
