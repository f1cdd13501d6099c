import type { Collection, MongoServerError } from 'mongodb';
import type { MongoStore } from '@shopfast/stores';
import type { Stock } from '../model/stock';

interface StockDocument {
  _id: string;
  productId: string;
  available: number;
  reserved: number;
  /** +1 on every change (documents written before versions existed start at 0). */
  version?: number;
  /** Units each open reservation holds here, by holdKey(reservationId): what `reserved` is made of. */
  holds?: Record<string, number>;
  /** Reservations whose committed units a cancel is putting back on sale, by holdKey (removed once it is done). */
  restocks?: Record<string, true>;
  updatedAt: Date;
}

const toStock = (document: StockDocument): Stock => ({
  sku: document._id,
  productId: document.productId,
  available: document.available,
  reserved: document.reserved,
  version: document.version ?? 0,
});

/**
 * Field name of a reservation in `holds` / `restocks`. Reservation ids are `[A-Za-z0-9_-]` (no `.` or
 * `$`), but may be all digits, which a dotted update path would read as an array index: the prefix
 * keeps every key a plain field name.
 */
const holdKey = (reservationId: string) => `r_${reservationId}`;
const holdPath = (reservationId: string) => `holds.${holdKey(reservationId)}`;
const restockPath = (reservationId: string) => `restocks.${holdKey(reservationId)}`;

type Filter = Record<string, unknown> & { _id: string };

/**
 * Stock per SKU. Every change is a single-document update whose filter carries the precondition
 * (`available >= qty`), which MongoDB applies atomically. FerretDB does not: callers hold the SKU's
 * write lock around these calls (see write-lock.ts). Changes return the document after the change, so
 * the caller can announce the new level.
 *
 * Moves made for a reservation that records holds (`holder` given) are conditional on the reservation's
 * own mark in the same document: reserve only if it holds nothing here yet (and sets its hold), commit
 * and release only if it still holds units here (and drop the hold), restock only if not restocked yet
 * (and mark it). The mark changes in the same write as the units, so there is no moment where one
 * happened without the other, and replaying a move, after a crash or from a second process, is a no-op
 * (null). Without `holder` (reservations from before holds existed) the moves are unconditional.
 */
export function createStockStore(mongo: MongoStore) {
  const stock: Collection<StockDocument> = mongo.db.collection<StockDocument>('stock');

  /** One guarded change: `$inc` quantities (and set/unset marks) if `filter` matches; the document after, or null. */
  async function change(filter: Filter, quantities: { available?: number; reserved?: number }, marks: { set?: Record<string, unknown>; unset?: string } = {}): Promise<Stock | null> {
    const update: Record<string, unknown> = {
      $inc: { version: 1, ...quantities },
      $set: { updatedAt: new Date(), ...marks.set },
    };
    if (marks.unset) update.$unset = { [marks.unset]: '' };
    const document = await stock.findOneAndUpdate(filter as never, update as never, { returnDocument: 'after' });
    return document ? toStock(document) : null;
  }

  const holding = (holder: string | undefined, holds: boolean) => (holder === undefined ? {} : { [holdPath(holder)]: { $exists: holds } });

  return {
    count: (): Promise<number> => stock.countDocuments({}),

    async find(sku: string): Promise<Stock | null> {
      const document = await stock.findOne({ _id: sku });
      return document ? toStock(document) : null;
    },

    /** Units `reservationId` holds on this SKU (0 when none): what a recovery or a test reads. */
    async heldBy(sku: string, reservationId: string): Promise<number> {
      const document = await stock.findOne({ _id: sku });
      return document?.holds?.[holdKey(reservationId)] ?? 0;
    },

    /** Whether a cancel of `reservationId` has put its units of this SKU back on sale and not yet cleaned up. */
    async restockedFor(sku: string, reservationId: string): Promise<boolean> {
      const document = await stock.findOne({ _id: sku });
      return document?.restocks?.[holdKey(reservationId)] === true;
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

    /** Moves `quantity` units from available to reserved if that many are available (and `holder` holds none here yet); null when not. */
    reserve: (sku: string, quantity: number, holder?: string): Promise<Stock | null> =>
      change({ _id: sku, available: { $gte: quantity }, ...holding(holder, false) }, { available: -quantity, reserved: quantity }, holder === undefined ? {} : { set: { [holdPath(holder)]: quantity } }),

    /** Reserved units leave for good (the order was paid); with `holder`, only while it holds them. */
    commit: (sku: string, quantity: number, holder?: string): Promise<Stock | null> =>
      change({ _id: sku, reserved: { $gte: quantity }, ...holding(holder, true) }, { reserved: -quantity }, holder === undefined ? {} : { unset: holdPath(holder) }),

    /** Reserved units go back to available (order abandoned or failed, reservation expired); with `holder`, only while it holds them. */
    release: (sku: string, quantity: number, holder?: string): Promise<Stock | null> =>
      change({ _id: sku, reserved: { $gte: quantity }, ...holding(holder, true) }, { available: quantity, reserved: -quantity }, holder === undefined ? {} : { unset: holdPath(holder) }),

    /** Committed units come back on sale: the order that committed them failed afterwards. Once per reservation and SKU. */
    restock: (sku: string, quantity: number, reservationId: string): Promise<Stock | null> =>
      change({ _id: sku, [restockPath(reservationId)]: { $exists: false } }, { available: quantity }, { set: { [restockPath(reservationId)]: true } }),

    /**
     * Drops the restock mark of a reservation that is released for good (it cannot be restocked again), so
     * marks do not pile up. Not a change of the level: no new version. Callers hold the SKU's lock.
     */
    async forgetRestock(sku: string, reservationId: string): Promise<void> {
      await stock.updateOne({ _id: sku, [restockPath(reservationId)]: { $exists: true } } as never, { $unset: { [restockPath(reservationId)]: '' } } as never);
    },

    async setAvailable(sku: string, available: number): Promise<Stock | null> {
      const document = await stock.findOneAndUpdate({ _id: sku }, { $inc: { version: 1 }, $set: { updatedAt: new Date(), available } }, { returnDocument: 'after' });
      return document ? toStock(document) : null;
    },
  };
}

export type StockStore = ReturnType<typeof createStockStore>;
