import type { Collection, MongoServerError } from 'mongodb';
import type { MongoStore } from '@shopfast/stores';
import type { ReservationStatus } from '@shopfast/contracts';
import { MOVING_STATUSES, type ReleaseReason, type Reservation, type ReservationItem } from '../model/stock';

interface ReservationDocument {
  _id: string;
  orderId: string;
  items: ReservationItem[];
  status: ReservationStatus;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
  /** Absent on reservations written before stock holds existed. */
  stockHolds?: boolean;
  releaseReason?: ReleaseReason;
}

const toReservation = ({ _id, orderId, items, status, expiresAt, createdAt, updatedAt, stockHolds, releaseReason }: ReservationDocument): Reservation => ({
  reservationId: _id,
  orderId,
  items: items.map(({ sku, quantity }) => ({ sku, quantity })),
  status,
  expiresAt,
  createdAt,
  updatedAt: updatedAt ?? createdAt,
  stockHolds: stockHolds === true,
  ...(releaseReason ? { releaseReason } : {}),
});

/** Reservations, keyed by the caller's reservationId (which is what makes POST /reservations idempotent). */
export function createReservationStore(mongo: MongoStore) {
  const reservations: Collection<ReservationDocument> = mongo.db.collection<ReservationDocument>('reservations');

  return {
    async ensureIndexes(): Promise<void> {
      await reservations.createIndex({ status: 1, expiresAt: 1 });
      await reservations.createIndex({ status: 1, updatedAt: 1 });
    },

    /** Inserts a new reservation; false when the id exists (the insert is atomic on MongoDB and FerretDB alike). */
    async insert(reservation: Reservation): Promise<boolean> {
      const { reservationId, ...rest } = reservation;
      try {
        await reservations.insertOne({ _id: reservationId, ...rest });
        return true;
      } catch (error) {
        if ((error as MongoServerError).code === 11000) return false;
        throw error;
      }
    },

    async find(reservationId: string): Promise<Reservation | null> {
      const document = await reservations.findOne({ _id: reservationId });
      return document ? toReservation(document) : null;
    },

    /**
     * Moves the status from `from` to `to` (recording why units are released, for `releasing`); null when
     * the reservation was not in `from` (someone else moved it).
     */
    async transition(reservationId: string, from: ReservationStatus, to: ReservationStatus, releaseReason?: ReleaseReason): Promise<Reservation | null> {
      const document = await reservations.findOneAndUpdate(
        { _id: reservationId, status: from },
        { $set: { status: to, updatedAt: new Date(), ...(releaseReason ? { releaseReason } : {}) } },
        { returnDocument: 'after' },
      );
      return document ? toReservation(document) : null;
    },

    async remove(reservationId: string): Promise<void> {
      await reservations.deleteOne({ _id: reservationId });
    },

    async expiredHeldIds(now: Date, limit: number): Promise<string[]> {
      const documents = await reservations.find({ status: 'held', expiresAt: { $lt: now } }, { projection: { _id: 1 } }).limit(limit).toArray();
      return documents.map((document) => document._id);
    },

    /**
     * Reservations with stock holds still mid-move (pending, committing, releasing, restocking) whose status
     * last changed before `before`: left so by a crash. Oldest first.
     */
    async stuckIds(before: Date, limit: number): Promise<string[]> {
      const documents = await reservations
        .find({ status: { $in: [...MOVING_STATUSES] }, updatedAt: { $lt: before }, stockHolds: true }, { projection: { _id: 1 } })
        .sort({ updatedAt: 1 })
        .limit(limit)
        .toArray();
      return documents.map((document) => document._id);
    },
  };
}

export type ReservationStore = ReturnType<typeof createReservationStore>;
