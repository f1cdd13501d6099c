import type { Logger } from '@shopfast/service-kit';
import { tracer } from '@shopfast/tracing';
import type { Shipments } from '../domain/shipments';

export interface ShipmentProgressJob {
  start(): void;
  /** Waits for a tick in progress, then stops. */
  stop(): Promise<void>;
}

/**
 * Every `tickMs`, moves shipments whose next step is due. Safe with several instances: each step is a
 * conditional UPDATE, so only one instance wins a given shipment.
 */
export function createShipmentProgressJob({ shipments, tickMs, logger }: { shipments: Shipments; tickMs: number; logger: Logger }): ShipmentProgressJob {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let current: Promise<void> = Promise.resolve();

  // The poll's own query runs under a span marked manual.drop: without a parent it would be a root
  // trace every few seconds. Each shipment actually advanced is its own, kept, trace.
  const tick = () =>
    tracer.trace('shipping.poll_due_shipments', { tags: { 'manual.drop': true } }, async () => {
      try {
        await shipments.advanceDue();
      } catch (error) {
        logger.error({ err: error }, 'shipment progression failed; retrying at the next tick');
      }
    });

  const schedule = () => {
    timer = setTimeout(() => {
      current = tick().finally(() => {
        if (running) schedule();
      });
    }, tickMs);
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
