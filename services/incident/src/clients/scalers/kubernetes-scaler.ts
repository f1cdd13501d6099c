import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { ChannelError } from '../../model/incident';
import { isRetryableStatus } from '../http-post';
import { SCALABLE_NAME, type Scaler } from './scaler';

export interface KubernetesScalerOptions {
  /** K8S_API_URL, https://kubernetes.default.svc in a pod. */
  apiUrl: string;
  namespace: string;
  /** K8S_TOKEN_FILE: read on every call (the kubelet rotates projected tokens). */
  tokenFile: string;
  /** K8S_CA_FILE: the API server's certificate is checked against it (https only). */
  caFile: string;
  /** K8S_DEPLOYMENT_TEMPLATE: `{service}` becomes the service's name. */
  deploymentTemplate: string;
  /** SCALE_MAX. */
  max: number;
  timeoutMs: number;
}

interface Scale {
  metadata?: { resourceVersion?: string };
  spec?: { replicas?: number };
}

const readFile = (path: string, what: string) => {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new ChannelError(`cannot read the ${what} ${path}: ${(error as Error).message}`, false);
  }
};

/**
 * SCALER=kubernetes: one more replica of the service's Deployment through its `scale` subresource, up to
 * `max`: GET the scale, then a JSON merge patch of spec.replicas carrying the resourceVersion read, so two
 * concurrent scale-ups cannot both count from the same number (the second gets 409 and is retried). The
 * service account needs `get` and `patch` on `deployments/scale` in the namespace, nothing more.
 */
export function createKubernetesScaler(options: KubernetesScalerOptions): Scaler {
  const api = new URL(options.apiUrl);
  const secure = api.protocol === 'https:';

  function call(method: 'GET' | 'PATCH', path: string, body?: unknown): Promise<{ status: number; text: string }> {
    const token = readFile(options.tokenFile, 'service account token');
    const ca = secure ? readFile(options.caFile, 'CA bundle') : undefined;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (payload !== undefined) {
      headers['content-type'] = 'application/merge-patch+json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    const url = new URL(path, api);
    return new Promise((resolve, reject) => {
      const request = (secure ? https : http).request(url, { method, headers, ...(ca ? { ca } : {}), timeout: options.timeoutMs }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        response.on('error', (error) => reject(new ChannelError(`Kubernetes API: ${error.message}`, true)));
      });
      request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
      request.on('error', (error) => reject(new ChannelError(`Kubernetes API ${method} ${url.pathname} failed: ${error.message}`, true)));
      request.end(payload);
    });
  }

  const refused = (what: string, answer: { status: number; text: string }) =>
    // 409: the scale changed between our GET and PATCH; try again with a fresh count.
    new ChannelError(`Kubernetes API ${what} answered ${answer.status}: ${answer.text.slice(0, 300)}`, answer.status === 409 || isRetryableStatus(answer.status));

  return {
    name: 'kubernetes',
    async scaleUp(service) {
      const deployment = options.deploymentTemplate.replace('{service}', service);
      if (!SCALABLE_NAME.test(service) || !SCALABLE_NAME.test(deployment)) throw new ChannelError(`"${deployment}" is not a Deployment name`, false);
      const path = `/apis/apps/v1/namespaces/${encodeURIComponent(options.namespace)}/deployments/${encodeURIComponent(deployment)}/scale`;
      const current = await call('GET', path);
      if (current.status !== 200) throw refused(`GET ${path}`, current);
      const scale = JSON.parse(current.text) as Scale;
      const from = scale.spec?.replicas ?? 0;
      if (from >= options.max) return { scaler: 'kubernetes', service, result: 'at_max', from, to: from };
      const to = Math.min(from + 1, options.max);
      const resourceVersion = scale.metadata?.resourceVersion;
      const patched = await call('PATCH', path, { ...(resourceVersion ? { metadata: { resourceVersion } } : {}), spec: { replicas: to } });
      if (patched.status !== 200) throw refused(`PATCH ${path}`, patched);
      return { scaler: 'kubernetes', service, result: 'scaled', from, to };
    },
  };
}
