import type { Collection, Filter } from 'mongodb';
import type { MongoStore } from '@shopfast/stores';
import type { Product } from '@shopfast/contracts';
import type { StoredProduct } from '../model/product';

type ProductDocument = Omit<StoredProduct, 'id'> & { _id: string };

export interface ListQuery {
  category?: string;
  page: number;
  limit: number;
}

/** A stock level to record on a product: from a stock.changed event or a reconciliation. */
export interface StockUpdate {
  productId: string;
  stock: number;
  version: number;
}

/**
 * What recording a level did: whether it was not older than what the product had, whether availability
 * flipped, and whether this exact version was there already (a retried event: the steps after the store
 * may not have happened the first time, so they run again in full).
 */
export interface StockUpdateResult extends StockUpdate {
  applied: boolean;
  availabilityChanged: boolean;
  reapplied: boolean;
}

/** Updates per bulkWrite command: well under the 100 SQLite connections FerretDB 1.x pools per database (see applyStockMany). */
export const STOCK_BATCH_SIZE = 50;

/** Each product's stock version (-1: no level yet) and availability, by id. */
type StockStates = Map<string, { version: number; available: boolean }>;
/** The fields a stock decision reads, not the whole document. */
const STOCK_STATE = { _id: 1, stockVersion: 1, available: 1 } as const;

function toStockStates(documents: Array<Pick<ProductDocument, '_id' | 'stockVersion' | 'available'> | null>): StockStates {
  return new Map(documents.filter((document) => document !== null).map((document) => [document._id, { version: document.stockVersion ?? -1, available: document.available }]));
}

/** The catalog in MongoDB: the source of truth that the search index is rebuilt from. */
export function createProductStore(mongo: MongoStore) {
  const products: Collection<ProductDocument> = mongo.db.collection<ProductDocument>('products');

  return {
    async ensureIndexes(): Promise<void> {
      await products.createIndex({ category: 1, _id: 1 });
      await products.createIndex({ sku: 1 }, { unique: true });
    },

    async count(filter: { category?: string } = {}): Promise<number> {
      return products.countDocuments(filter.category ? { category: filter.category } : {});
    },

    async insertMany(items: Product[]): Promise<void> {
      if (items.length === 0) return;
      await products.insertMany(items.map(toDocument), { ordered: false });
    },

    /** One page, without its total (the catalog keeps totals: counting costs a collection scan on FerretDB). */
    async page(query: ListQuery): Promise<StoredProduct[]> {
      const filter: Filter<ProductDocument> = query.category ? { category: query.category } : {};
      const documents = await products
        .find(filter)
        .sort({ _id: 1 })
        .skip((query.page - 1) * query.limit)
        .limit(query.limit)
        .toArray();
      return documents.map(fromDocument);
    },

    async findById(id: string): Promise<StoredProduct | null> {
      const document = await products.findOne({ _id: id });
      return document ? fromDocument(document) : null;
    },

    /**
     * One lookup by _id per product, in parallel: FerretDB answers `_id` equality from its primary key
     * (~1 ms) but scans the collection for `$in` (~35 ms for 500 products).
     */
    async findByIds(ids: string[]): Promise<StoredProduct[]> {
      const documents = await Promise.all(ids.map((id) => products.findOne({ _id: id })));
      return documents.filter((document): document is NonNullable<typeof document> => document !== null).map(fromDocument);
    },

    async all(): Promise<StoredProduct[]> {
      return (await products.find({}).sort({ _id: 1 }).toArray()).map(fromDocument);
    },

    /**
     * Each product's stock version and availability, to reconcile without reading whole documents: version
     * -1 when it has no level yet, so any level from inventory (even version 0, from before inventory
     * counted versions) is newer.
     */
    async stockStates(): Promise<StockStates> {
      return toStockStates(await products.find({}, { projection: STOCK_STATE }).toArray());
    },

    /** The same for a few products, by _id lookups (no scan): what a reconciliation turn reads. */
    async stockStatesOf(ids: string[]): Promise<StockStates> {
      return toStockStates(await Promise.all(ids.map((id) => products.findOne({ _id: id }, { projection: STOCK_STATE }))));
    },

    /**
     * Records many levels (reconciliation) the caller has just found newer than the stored ones, within
     * the catalog's write queue, in batches of STOCK_BATCH_SIZE. FerretDB 1.x on SQLite holds one of its
     * 100 pooled SQLite connections per update of a command until the command ends, so a single
     * 500-update bulkWrite never finishes and leaves the catalog database locked for every later query.
     * The filter is the _id alone: FerretDB answers it from its primary key, and any other condition makes
     * it scan the collection per update (~40 ms each on the 500-product catalog, ~0.8 s per 20).
     */
    async applyStockMany(updates: StockUpdate[]): Promise<void> {
      for (let start = 0; start < updates.length; start += STOCK_BATCH_SIZE) {
        await products.bulkWrite(
          updates.slice(start, start + STOCK_BATCH_SIZE).map((update) => ({
            updateOne: { filter: { _id: update.productId }, update: { $set: { stock: update.stock, available: update.stock > 0, stockVersion: update.version } } },
          })),
          { ordered: false },
        );
      }
    },

    /**
     * Records a stock level unless the product has a newer one (by version), so events that arrive late
     * never roll stock back. The same version again is applied again (a no-op here), so a retried event
     * still reaches the search index and the cache after a failure half-way. `available` follows the stock.
     * Read, compare, write by _id (each ~1 ms on FerretDB; a version condition in the update filter makes
     * FerretDB scan the collection, ~40 ms). Safe because the catalog runs its writes one at a time (its
     * write queue); two product instances could interleave, and the next reconciliation repairs that.
     */
    async applyStock(update: StockUpdate): Promise<StockUpdateResult> {
      const before = await products.findOne({ _id: update.productId }, { projection: STOCK_STATE });
      if (!before || (before.stockVersion !== undefined && before.stockVersion > update.version)) {
        return { ...update, applied: false, availabilityChanged: false, reapplied: false };
      }
      await products.updateOne({ _id: update.productId }, { $set: { stock: update.stock, available: update.stock > 0, stockVersion: update.version } });
      return { ...update, applied: true, availabilityChanged: before.available !== update.stock > 0, reapplied: before.stockVersion === update.version };
    },

    /** The stock level each of these products holds now (id, stock, version), for those that have one. */
    async stockLevelsOf(ids: string[]): Promise<StockUpdate[]> {
      const documents = await Promise.all(ids.map((id) => products.findOne({ _id: id })));
      return documents
        .filter((document): document is ProductDocument => document !== null && typeof document.stock === 'number' && document.stockVersion !== undefined)
        .map((document) => ({ productId: document._id, stock: document.stock!, version: document.stockVersion! }));
    },

    /** A new price; the product after the change, or null when it does not exist. */
    async setPrice(id: string, price: number): Promise<StoredProduct | null> {
      const document = await products.findOneAndUpdate({ _id: id }, { $set: { price } }, { returnDocument: 'after' });
      return document ? fromDocument(document) : null;
    },
  };
}

export type ProductStore = ReturnType<typeof createProductStore>;

function toDocument(product: Product): ProductDocument {
  const { id, ...rest } = product;
  return { _id: id, ...rest };
}

function fromDocument(document: ProductDocument): StoredProduct {
  const { _id, ...rest } = document;
  return { id: _id, ...rest, stock: rest.stock ?? null };
}
