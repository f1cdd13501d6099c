// What a journey is and what it gets to work with. Journeys are plain async functions over a
// context: the same definitions serve a plain load run and, later, a fault run that switches flags
// while they run (select them with --mix).
import type { Catalog } from '../catalog.ts';
import type { Random } from '../random.ts';
import type { ShopCall } from '../shop-client.ts';
import type { UserPool } from '../user-pool.ts';

export interface JourneyContext {
  /** The journey's name (stats, error examples). */
  name: string;
  /** This journey's own random stream (forked from the run's seed). */
  random: Random;
  /** One request, recorded; throws StepFailed on an unexpected answer and JourneyCut when the run ends. */
  call: ShopCall;
  /** A shopper's pause between two steps (--think); returns early when the run is cut. */
  think(): Promise<void>;
  catalog: Catalog;
  users: UserPool;
  /** Unique per run: part of e-mails and Idempotency-Keys. */
  runId: string;
  /** Counts a business result next to the journey (confirmed, declined, out_of_stock...). */
  outcome(label: string): void;
  /**
   * The shop broke a promise no status code shows (two orders for one Idempotency-Key, a declined
   * order that is not payment_failed): counted as an error, and the journey stops.
   */
  fail(message: string): never;
}

export interface Journey {
  name: string;
  /** One line for --help and the docs. */
  description: string;
  /** Share of arrivals, relative to the other journeys of the mix. */
  weight: number;
  run(context: JourneyContext): Promise<void>;
}
