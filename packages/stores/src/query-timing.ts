/**
 * Database query timing (`ecommerce.database.query_time`, type `ms`), emitted through whatever metrics
 * client the service passes in. Structural on purpose: stores must not depend on service-kit, and the
 * service-kit `Metrics` object fits this shape as it is.
 */
export interface TimingSink {
  timing(name: string, milliseconds: number, tags: Record<string, string>): void;
}

export const QUERY_TIME_METRIC = 'ecommerce.database.query_time';

/** Statement kinds that become the `operation` tag; anything else is `OTHER` so the tag stays bounded. */
export const SQL_OPERATIONS = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'WITH', 'BEGIN', 'COMMIT', 'ROLLBACK']);

/**
 * The first keyword of a statement, upper-cased, from the bounded set above. Leading whitespace,
 * `-- line` and `/* block *\/` comments (DBM and sqlcommenter prefixes) and parentheses are skipped.
 */
export function sqlOperation(sql: unknown): string {
  if (typeof sql !== 'string') return 'OTHER';
  const body = sql.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/|\()*/, '');
  const keyword = /^[A-Za-z]+/.exec(body)?.[0]?.toUpperCase() ?? '';
  if (keyword === 'START') return 'BEGIN'; // START TRANSACTION
  return SQL_OPERATIONS.has(keyword) ? keyword : 'OTHER';
}

/** MongoDB commands that become the `operation` tag (exactly as the driver names them); others are `other`. */
export const MONGO_OPERATIONS = new Set([
  'find', 'insert', 'update', 'delete', 'findAndModify', 'aggregate', 'count', 'distinct', 'getMore',
  'createIndexes', 'listIndexes', 'listCollections', 'drop', 'ping',
]);

export function mongoOperation(commandName: unknown): string {
  return typeof commandName === 'string' && MONGO_OPERATIONS.has(commandName) ? commandName : 'other';
}

/** Reports a timing; a metrics client that throws must never fail the query that was measured. */
export function reportQueryTime(sink: TimingSink, milliseconds: number, dbSystem: 'postgresql' | 'mongodb', operation: string): void {
  try {
    sink.timing(QUERY_TIME_METRIC, Math.round(milliseconds * 1000) / 1000, { db_system: dbSystem, operation });
  } catch {
    // Telemetry outages cost no request.
  }
}
