export { createRumIntakeRouter, isLoopbackAddress, type RumIntakeOptions, type IntakeLogger, type IntakeMetrics } from './intake-router';
export { createRumEventRecorder, type RumEventRecorder, type RecordedEvent, type EventQuery, type IntakeTrack } from './event-recorder';
export { BatchTooLargeError, decodeBatch, MAX_INFLATED_BYTES, type DecodedBatch } from './decode-batch';
export { intakeHostFor } from './forward-to-datadog';
