import { PermanentEventError, stockChangedData, type EventHandler } from '@shopfast/events';
import type { Catalog } from '../domain/catalog';

/**
 * stock.changed -> the product's stock, search document and cache overlay. Data that does not fit the
 * contract (stockChangedData in @shopfast/events) can never succeed: dead-lettered at once. A failure
 * half-way throws, and the retried event applies again.
 */
export function stockChangedHandler(catalog: Catalog): EventHandler {
  return async (event) => {
    const parsed = stockChangedData.safeParse(event.data);
    if (!parsed.success) throw new PermanentEventError(`invalid stock.changed data: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
    const { productId, available, version } = parsed.data;
    await catalog.applyStock([{ productId, stock: available, version }], 'event');
  };
}
