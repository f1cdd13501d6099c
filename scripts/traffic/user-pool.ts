// The customers this run signed up, reused by later journeys (log in, cart, checkout, orders) the way
// returning shoppers come back. A journey leases a customer for its whole length, so two concurrent
// journeys never share a cart. Bounded: past `capacity` the oldest idle customer is forgotten.
import type { Random } from './random.ts';

export interface Customer {
  email: string;
  password: string;
  name: string;
  userId: string;
  token: string;
  /** When the token was issued (ms since epoch): older than the token lifetime means log in again. */
  tokenAt: number;
}

export interface UserPoolOptions {
  /** Run id in every e-mail: traffic+<run>-<n>@example.test, unique across runs. */
  runId: string;
  capacity?: number;
  /**
   * How long a login token is used: under the user service's JWT_TTL_SECONDS (1 hour by default),
   * so a returning customer logs in again before the shop would answer 401.
   */
  tokenLifetimeMs?: number;
  now?: () => number;
}

export const PASSWORD = 'correct horse battery staple';

export function createUserPool(options: UserPoolOptions) {
  const capacity = options.capacity ?? 500;
  const tokenLifetimeMs = options.tokenLifetimeMs ?? 50 * 60_000;
  const now = options.now ?? Date.now;
  const idle: Customer[] = [];
  const leased = new Set<Customer>();
  let signedUp = 0;

  return {
    /** A fresh identity for a sign-up (not in the pool until `add`). */
    newIdentity(): Pick<Customer, 'email' | 'password' | 'name'> {
      signedUp++;
      return { email: `traffic+${options.runId}-${signedUp}@example.test`, password: PASSWORD, name: `Traffic Shopper ${signedUp}` };
    },

    /** Adds a customer that just signed up, leased to the journey that created it. */
    addLeased(customer: Customer): Customer {
      leased.add(customer);
      return customer;
    },

    /** An idle customer, now leased; undefined when every known customer is busy. */
    lease(random: Random): Customer | undefined {
      if (idle.length === 0) return undefined;
      const [customer] = idle.splice(random.int(idle.length), 1);
      leased.add(customer!);
      return customer;
    },

    release(customer: Customer): void {
      if (!leased.delete(customer)) return;
      idle.push(customer);
      if (idle.length + leased.size > capacity) idle.shift();
    },

    needsLogin(customer: Customer): boolean {
      return now() - customer.tokenAt > tokenLifetimeMs;
    },

    get size() {
      return idle.length + leased.size;
    },
    get idle() {
      return idle.length;
    },
  };
}

export type UserPool = ReturnType<typeof createUserPool>;
