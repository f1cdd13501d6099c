import type { Collection, MongoServerError } from 'mongodb';
import type { MongoStore } from '@shopfast/stores';
import type { Reservation, ReservationItem, ReservationStatus } from '../domain/stock';

interface ReservationDocument {
  _id: string;
  orderId: string;
  items: ReservationItem[];
  status: ReservationStatus;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

const toReservation = ({ _id, orderId, items, status, expiresAt, createdAt }: ReservationDocument): Reservation => ({
  reservationId: _id,
  orderId,
  items: items.map(({ sku, quantity }) => ({ sku, quantity })),
  status,
  expiresAt,
  createdAt,
});

/** Reservations, keyed by the caller's reservationId (which is what makes POST /reservations idempotent). */
export function createReservationStore(mongo: MongoStore) {
  const reservations: Collection<ReservationDocument> = mongo.db.collection<ReservationDocument>('reservations');

  return {
    async ensureIndexes(): Promise<void> {
      await reservations.createIndex({ status: 1, expiresAt: 1 });
    },

    /** Inserts a new reservation; false when the id exists (the insert is atomic on MongoDB and FerretDB alike). */
    async insert(reservation: Reservation): Promise<boolean> {
      const { reservationId, ...rest } = reservation;
      try {
        await reservations.insertOne({ _id: reservationId, ...rest, updatedAt: new Date() });
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

    /** Moves the status from `from` to `to`; null when the reservation was not in `from` (someone else moved it). */
    async transition(reservationId: string, from: ReservationStatus, to: ReservationStatus): Promise<Reservation | null> {
      const document = await reservations.findOneAndUpdate(
        { _id: reservationId, status: from },
        { $set: { status: to, updatedAt: new Date() } },
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
  };
}

export type ReservationStore = ReturnType<typeof createReservationStore>;
