/** Thrown by a handler for an event that can never succeed (invalid data): dead-lettered at once, no retries. */
export class PermanentEventError extends Error {
  override name = 'PermanentEventError';
}

/** An entry that cannot be read as an event (missing fields, data not JSON): dead-lettered at once. */
export class MalformedEventError extends PermanentEventError {
  override name = 'MalformedEventError';
}
