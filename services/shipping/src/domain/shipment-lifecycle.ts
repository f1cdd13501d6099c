import { randomUUID } from 'node:crypto';
import type { ShipmentStatus, ShippingMethod } from '@shopfast/contracts';

/** The carrier follows from the method alone, so a shipment's carrier is predictable in tests and demos. */
export const carrierFor = (method: ShippingMethod): string => (method === 'express' ? 'FedEx' : 'USPS');

/** `SF` + 10 digits taken from a random uuid. Unique in the table; a clash is retried with a new uuid. */
export function newTrackingNumber(uuid: string = randomUUID()): string {
  const digits = (BigInt(`0x${uuid.replace(/-/g, '')}`) % 10_000_000_000n).toString().padStart(10, '0');
  return `SF${digits}`;
}

/** label_created -> in_transit -> delivered; delivered is final. */
export function nextStatus(status: ShipmentStatus): ShipmentStatus | null {
  if (status === 'label_created') return 'in_transit';
  if (status === 'in_transit') return 'delivered';
  return null;
}
