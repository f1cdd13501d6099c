import type { Logger } from '@shopfast/service-kit';
import { tracer } from '@shopfast/tracing';
import type { CartAbandonment } from '../domain/cart-abandonment';

export interface CartAbandonmentJob {
  start(): void;
  /** Waits for a sweep in progress, then stops. */
  stop(): Promise<void>;
}

/**
 * Every `intervalMs`, reports carts that became abandoned. The timer is unref'd (it never keeps the
 * process alive) and stopped on shutdown before Redis closes.
 */
export function createCartAbandonmentJob({ abandonment, intervalMs, logger, now = Date.now }: { abandonment: CartAbandonment; intervalMs: number; logger: Logger; now?: () => number }): CartAbandonmentJob {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let current: Promise<unknown> = Promise.resolve();

  // The sweep (its Redis calls and product look-ups) runs under a span marked manual.drop: a poll every
  // minute must not become a kept trace. The metrics carry what matters.
  const tick = () =>
    tracer.trace('cart.abandonment_sweep', { tags: { 'manual.drop': true } }, async () => {
      try {
        const count = await abandonment.sweep(now());
        if (count > 0) logger.info({ abandonedCarts: count }, 'reported abandoned carts');
      } catch (error) {
        logger.error({ err: error }, 'cart abandonment sweep failed; retrying at the next tick');
      }
    });

  const schedule = () => {
    timer = setTimeout(() => {
      current = tick().finally(() => {
        if (running) schedule();
      });
    }, intervalMs);
    timer.unref();
  };

  return {
    start() {
      if (running) return;
      running = true;
      schedule();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await current;
    },
  };
}
