export {
  STREAMS,
  EVENT_TYPES,
  deadLetterStream,
  orderPlacedData,
  shipmentUpdatedData,
  shipmentStatus,
  stockChangedData,
  STOCK_CHANGE_REASONS,
  type OrderPlacedData,
  type ShipmentUpdatedData,
  type ShipmentStatus,
  type StockChangedData,
} from './event-contracts';
export { createEventPublisher, type EventPublisher, type EventPublisherOptions, type PublishOptions, type PublishedEvent } from './publisher';
export { createEventConsumer, type EventConsumer, type EventConsumerOptions, type EventHandler } from './consumer';
export type { ReceivedEvent } from './envelope';
export { PermanentEventError, MalformedEventError } from './errors';
export { deterministicEventId } from './event-id';
export { EVENT_METRICS, CONSUMER_POLL_COMMANDS, type EventLogger, type EventMetrics, type ProcessOutcome } from './telemetry';
export { injectTraceContext, extractTraceContext } from './trace-context';
