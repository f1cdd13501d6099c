// What other scripts (the test runner, seeders, e2e tests) import from the local stack.
//
//   import { stackUp, stackDown, isStackHealthy, urls } from '../stack';
//   const weStartedIt = !(await isStackHealthy());
//   if (weStartedIt) await stackUp({ detach: true });
//   … fetch(`${urls.gateway}/api/products`) …
//   if (weStartedIt) await stackDown();
import type { AppName } from './app-services';
import type { Logger } from './lib/log';
import { HOST, port } from './lib/ports';
import { down, isHealthy, status, up, type UpResult } from './stack';

export type { AppService, AppName } from './app-services';
export { appServices, buildAppServices, launchEnv } from './app-services';
export { StackError } from './lib/errors';
export type { Logger } from './lib/log';
export type { StatusRow, UpResult } from './stack';

export interface StackUpOptions {
  /** Always detached from the API: the servers outlive the caller until stackDown(). */
  detach: true;
  /** Start only these (plus what they need), e.g. ['postgres'] or ['order']. */
  only?: string[];
  /** Progress lines; default prints "[stack] …" to stdout. */
  log?: Logger;
  signal?: AbortSignal;
}

/** Starts what is not running yet and resolves once all of it is healthy; throws StackError otherwise. */
export function stackUp(options: StackUpOptions = { detach: true }): Promise<UpResult> {
  return up({ only: options.only, log: options.log, signal: options.signal });
}

/** Stops everything this stack recorded (or `only` those names). */
export function stackDown(options: { only?: string[]; log?: Logger } = {}): Promise<void> {
  return down(options);
}

/** True when every (built) component answers its health check. */
export function isStackHealthy(options: { only?: string[] } = {}): Promise<boolean> {
  return isHealthy(options);
}

export const stackStatus = status;

const serviceUrl = (name: AppName) => `http://${HOST}:${port(name)}`;

/** Addresses of everything in the stack (they follow the SHOPFAST_*_PORT variables, read on each access). */
export const urls = {
  get gateway() {
    return serviceUrl('gateway');
  },
  get edge() {
    return `http://${HOST}:${port('edge')}`;
  },
  service: serviceUrl,
  get testAgent() {
    return `http://${HOST}:${port('testAgent')}`;
  },
  get dogstatsdApi() {
    return `http://${HOST}:${port('dogstatsdApi')}`;
  },
  get dogstatsd() {
    return { host: HOST, port: port('dogstatsd') };
  },
  postgres: (db: string) => `postgres://postgres@${HOST}:${port('postgres')}/${db}`,
  mongo: (db: string) => `mongodb://${HOST}:${port('mongo')}/${db}`,
  get redis() {
    return `redis://${HOST}:${port('redis')}/0`;
  },
  get elasticsearch() {
    return `http://${HOST}:${port('elasticsearch')}`;
  },
};
