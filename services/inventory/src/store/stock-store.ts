import type { Collection, MongoServerError } from 'mongodb';
import type { MongoStore } from '@shopfast/stores';
import type { Stock } from '../domain/stock';

interface StockDocument {
  _id: string;
  productId: string;
  available: number;
  reserved: number;
  updatedAt: Date;
}

const toStock = (document: StockDocument): Stock => ({
  sku: document._id,
  productId: document.productId,
  available: document.available,
  reserved: document.reserved,
});

/**
 * Stock per SKU. Every change is a single-document update whose filter carries the precondition
 * (`available >= qty`), which MongoDB applies atomically. FerretDB does not: callers hold the SKU's
 * write lock around these calls (see write-lock.ts).
 */
export function createStockStore(mongo: MongoStore) {
  const stock: Collection<StockDocument> = mongo.db.collection<StockDocument>('stock');

  return {
    count: (): Promise<number> => stock.countDocuments({}),

    async find(sku: string): Promise<Stock | null> {
      const document = await stock.findOne({ _id: sku });
      return document ? toStock(document) : null;
    },

    /** Inserts stock for SKUs that have none; SKUs already present (another instance seeding) are left alone. */
    async insertMissing(items: Array<{ sku: string; productId: string; available: number }>): Promise<void> {
      if (items.length === 0) return;
      const now = new Date();
      try {
        await stock.insertMany(
          items.map((item) => ({ _id: item.sku, productId: item.productId, available: item.available, reserved: 0, updatedAt: now })),
          { ordered: false },
        );
      } catch (error) {
        const writeErrors = (error as { writeErrors?: Array<{ code?: number }> }).writeErrors;
        const onlyDuplicates = (error as MongoServerError).code === 11000 || (writeErrors?.length && writeErrors.every((e) => e.code === 11000));
        if (!onlyDuplicates) throw error;
      }
    },

    /** Moves `quantity` units from available to reserved if that many are available; null when not. */
    async reserve(sku: string, quantity: number): Promise<Stock | null> {
      const document = await stock.findOneAndUpdate(
        { _id: sku, available: { $gte: quantity } },
        { $inc: { available: -quantity, reserved: quantity }, $set: { updatedAt: new Date() } },
        { returnDocument: 'after' },
      );
      return document ? toStock(document) : null;
    },

    /** Reserved units leave for good (the order was paid). */
    async commit(sku: string, quantity: number): Promise<void> {
      await stock.updateOne({ _id: sku, reserved: { $gte: quantity } }, { $inc: { reserved: -quantity }, $set: { updatedAt: new Date() } });
    },

    /** Reserved units go back to available (order abandoned or failed, reservation expired). */
    async release(sku: string, quantity: number): Promise<void> {
      await stock.updateOne(
        { _id: sku, reserved: { $gte: quantity } },
        { $inc: { available: quantity, reserved: -quantity }, $set: { updatedAt: new Date() } },
      );
    },

    /** Committed units come back on sale: the order that committed them failed afterwards. */
    async restock(sku: string, quantity: number): Promise<void> {
      await stock.updateOne({ _id: sku }, { $inc: { available: quantity }, $set: { updatedAt: new Date() } });
    },

    async setAvailable(sku: string, available: number): Promise<Stock | null> {
      const document = await stock.findOneAndUpdate({ _id: sku }, { $set: { available, updatedAt: new Date() } }, { returnDocument: 'after' });
      return document ? toStock(document) : null;
    },
  };
}

export type StockStore = ReturnType<typeof createStockStore>;
