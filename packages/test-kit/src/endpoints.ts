import { localUrl } from '@shopfast/stack-ports';
import type { AppName } from './service-tokens';

/**
 * Where the local stack listens: the ports of @shopfast/stack-ports, so SHOPFAST_GATEWAY_PORT (and the
 * other SHOPFAST_*_PORT variables) move them here as they move them for the stack. A whole URL
 * (SHOPFAST_GATEWAY_URL, …) points the tests at a stack somewhere else.
 */
export const endpoints = {
  gateway: process.env.SHOPFAST_GATEWAY_URL ?? localUrl('gateway'),
  testAgent: process.env.SHOPFAST_TEST_AGENT_URL ?? localUrl('testAgent'),
  dogstatsdApi: process.env.SHOPFAST_DOGSTATSD_API_URL ?? localUrl('dogstatsdApi'),
  /** The SMTP sink's HTTP API, where tests read the e-mails the notification service sent. */
  smtpSinkApi: process.env.SHOPFAST_SMTP_SINK_URL ?? localUrl('smtpApi'),
  /** One app directly, behind the gateway's back (SHOPFAST_<APP>_URL for a stack somewhere else). */
  service: (name: AppName): string => process.env[`SHOPFAST_${name.toUpperCase()}_URL`] ?? localUrl(name),
};
