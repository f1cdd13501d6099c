import { z } from 'zod';
import { PermanentEventError, type EventHandler } from '@shopfast/events';
import type { Catalog } from '../domain/catalog';

/** The part of stock.changed the catalog uses (StockChangedData in @shopfast/events). */
const stockChangedData = z.object({
  sku: z.string().min(1).max(64),
  productId: z.string().regex(/^p-\d{4,6}$/),
  available: z.number().int().min(0),
  version: z.number().int().min(0),
});

/**
 * stock.changed -> the product's stock, search document and cache overlay. Invalid data can never
 * succeed: dead-lettered at once. A failure half-way throws, and the retried event applies again.
 */
export function stockChangedHandler(catalog: Catalog): EventHandler {
  return async (event) => {
    const parsed = stockChangedData.safeParse(event.data);
    if (!parsed.success) throw new PermanentEventError(`invalid stock.changed data: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
    const { productId, available, version } = parsed.data;
    await catalog.applyStock([{ productId, stock: available, version }], 'event');
  };
}
