import { AppError, type ServiceResponse } from '@shopfast/service-kit';

/**
 * A peer answered with a status this caller does not handle: a bug or an outage on their side, not
 * the customer's fault. Surfaces as 502 with the peer's name, never as a 500 from here.
 */
export function unexpectedAnswer(peer: string, response: ServiceResponse): AppError {
  const code = (response.body as { error?: { code?: string } } | undefined)?.error?.code;
  return new AppError('upstream_error', `The ${peer} service answered unexpectedly`, 502, { service: peer, status: response.status, code });
}

export const errorCode = (response: ServiceResponse): string | undefined => (response.body as { error?: { code?: string } } | undefined)?.error?.code;
