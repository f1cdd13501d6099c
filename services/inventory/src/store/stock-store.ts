import type { Collection, MongoServerError } from 'mongodb';
import type { MongoStore } from '@shopfast/stores';
import type { Stock } from '../domain/stock';

interface StockDocument {
  _id: string;
  productId: string;
  available: number;
  reserved: number;
  /** +1 on every change (documents written before versions existed start at 0). */
  version?: number;
  updatedAt: Date;
}

const toStock = (document: StockDocument): Stock => ({
  sku: document._id,
  productId: document.productId,
  available: document.available,
  reserved: document.reserved,
  version: document.version ?? 0,
});

/** What every change writes besides the quantities: a new version and the time. */
const changed = () => ({ $inc: { version: 1 }, $set: { updatedAt: new Date() } });

/**
 * Stock per SKU. Every change is a single-document update whose filter carries the precondition
 * (`available >= qty`), which MongoDB applies atomically. FerretDB does not: callers hold the SKU's
 * write lock around these calls (see write-lock.ts). Changes return the document after the change, so
 * the caller can announce the new level.
 */
export function createStockStore(mongo: MongoStore) {
  const stock: Collection<StockDocument> = mongo.db.collection<StockDocument>('stock');

  /** One guarded change: `$inc` quantities if `filter` matches; the document after, or null. */
  async function change(filter: Partial<Record<keyof StockDocument, unknown>> & { _id: string }, quantities: { available?: number; reserved?: number }): Promise<Stock | null> {
    const base = changed();
    const document = await stock.findOneAndUpdate(filter as never, { $inc: { ...base.$inc, ...quantities }, $set: base.$set }, { returnDocument: 'after' });
    return document ? toStock(document) : null;
  }

  return {
    count: (): Promise<number> => stock.countDocuments({}),

    async find(sku: string): Promise<Stock | null> {
      const document = await stock.findOne({ _id: sku });
      return document ? toStock(document) : null;
    },

    /** A page of every SKU's stock, by SKU: what the catalog reconciles with. */
    async page(page: number, limit: number): Promise<{ items: Stock[]; total: number }> {
      const [documents, total] = await Promise.all([
        stock.find({}).sort({ _id: 1 }).skip((page - 1) * limit).limit(limit).toArray(),
        stock.countDocuments({}),
      ]);
      return { items: documents.map(toStock), total };
    },

    /** Inserts stock for SKUs that have none; SKUs already present (another instance seeding) are left alone. */
    async insertMissing(items: Array<{ sku: string; productId: string; available: number }>): Promise<void> {
      if (items.length === 0) return;
      const now = new Date();
      try {
        await stock.insertMany(
          items.map((item) => ({ _id: item.sku, productId: item.productId, available: item.available, reserved: 0, version: 1, updatedAt: now })),
          { ordered: false },
        );
      } catch (error) {
        const writeErrors = (error as { writeErrors?: Array<{ code?: number }> }).writeErrors;
        const onlyDuplicates = (error as MongoServerError).code === 11000 || (writeErrors?.length && writeErrors.every((e) => e.code === 11000));
        if (!onlyDuplicates) throw error;
      }
    },

    /** Moves `quantity` units from available to reserved if that many are available; null when not. */
    reserve: (sku: string, quantity: number): Promise<Stock | null> => change({ _id: sku, available: { $gte: quantity } }, { available: -quantity, reserved: quantity }),

    /** Reserved units leave for good (the order was paid). */
    commit: (sku: string, quantity: number): Promise<Stock | null> => change({ _id: sku, reserved: { $gte: quantity } }, { reserved: -quantity }),

    /** Reserved units go back to available (order abandoned or failed, reservation expired). */
    release: (sku: string, quantity: number): Promise<Stock | null> => change({ _id: sku, reserved: { $gte: quantity } }, { available: quantity, reserved: -quantity }),

    /** Committed units come back on sale: the order that committed them failed afterwards. */
    restock: (sku: string, quantity: number): Promise<Stock | null> => change({ _id: sku }, { available: quantity }),

    async setAvailable(sku: string, available: number): Promise<Stock | null> {
      const base = changed();
      const document = await stock.findOneAndUpdate({ _id: sku }, { $inc: base.$inc, $set: { ...base.$set, available } }, { returnDocument: 'after' });
      return document ? toStock(document) : null;
    },
  };
}

export type StockStore = ReturnType<typeof createStockStore>;
