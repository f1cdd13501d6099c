import type { Logger } from '@shopfast/service-kit';
import type { Scaler } from './scaler';

/**
 * SCALER=log, the default: scales nothing. Each request is a structured log line (warn, so it shows in
 * the service's error view) and, through the action worker, the ecommerce.incident.scale_requests metric:
 * what an adapter would have scaled, without giving the service any power over the deployment.
 */
export function createLogScaler(logger: Logger): Scaler {
  return {
    name: 'log',
    async scaleUp(service) {
      logger.warn({ scaler: 'log', scaledService: service }, `scale-up of ${service} requested (SCALER=log: nothing is scaled)`);
      return { scaler: 'log', service, result: 'logged' };
    },
  };
}
