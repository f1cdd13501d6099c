/**
 * An event the order service owes the rest of the shop: written to the outbox in the same transaction as
 * the order change, then published by the relay (docs/decisions/008). The store persists it, the domain
 * creates it, the event publisher sends it: all three read this one definition.
 */
export interface OutboxEvent {
  id: string;
  stream: string;
  type: string;
  data: unknown;
  trace: Record<string, string>;
}
