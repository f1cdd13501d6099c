import { readFileSync } from 'node:fs';
import type { Logger } from '@shopfast/service-kit';
import { createComposeScaler } from './compose-scaler';
import { createKubernetesScaler } from './kubernetes-scaler';
import { createLogScaler } from './log-scaler';
import type { Scaler } from './scaler';

export interface ScalerSettings {
  SCALER: 'log' | 'compose' | 'kubernetes';
  SCALE_MAX: number;
  CHANNEL_TIMEOUT_MS: number;
  COMPOSE_EXECUTABLE: string;
  COMPOSE_PROJECT: string;
  COMPOSE_FILES: string[];
  K8S_API_URL: string;
  K8S_NAMESPACE?: string | undefined;
  K8S_NAMESPACE_FILE: string;
  K8S_TOKEN_FILE: string;
  K8S_CA_FILE: string;
  K8S_DEPLOYMENT_TEMPLATE: string;
}

/** The pod's namespace: K8S_NAMESPACE, else the service account's namespace file, else `default`. */
function namespaceOf(settings: ScalerSettings): string {
  if (settings.K8S_NAMESPACE) return settings.K8S_NAMESPACE;
  try {
    return readFileSync(settings.K8S_NAMESPACE_FILE, 'utf8').trim() || 'default';
  } catch {
    return 'default';
  }
}

/** The scaler SCALER names, from the validated config. */
export function createScaler(settings: ScalerSettings, logger: Logger): Scaler {
  const common = { max: settings.SCALE_MAX, timeoutMs: settings.CHANNEL_TIMEOUT_MS };
  switch (settings.SCALER) {
    case 'compose':
      return createComposeScaler({ ...common, executable: settings.COMPOSE_EXECUTABLE, project: settings.COMPOSE_PROJECT, files: settings.COMPOSE_FILES });
    case 'kubernetes':
      return createKubernetesScaler({
        ...common,
        apiUrl: settings.K8S_API_URL,
        namespace: namespaceOf(settings),
        tokenFile: settings.K8S_TOKEN_FILE,
        caFile: settings.K8S_CA_FILE,
        deploymentTemplate: settings.K8S_DEPLOYMENT_TEMPLATE,
      });
    default:
      return createLogScaler(logger);
  }
}
