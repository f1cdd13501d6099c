// The Kubernetes pins of infra/versions.json (its `kubernetes` block), typed from the file itself.
// infra/versions.ts types the other blocks; this block is read only by scripts/k8s, the chart's tests and the docs.
import versionsJson from '../../infra/versions.json';

export interface KubernetesVersions {
  /** helm CLI release, built from the Go module proxy (helm.sh/helm/v3). */
  helm: string;
  /** PyPI kubernetes-validate release (bundles the Kubernetes JSON schemas, offline). */
  kubernetesValidate: string;
  /** The Kubernetes version whose schemas every rendered object is checked against: the oldest the chart supports. */
  schemaVersion: string;
  /** The Datadog Operator Helm chart the docs install (its CRD schemas: infra/k8s/schemas/datadog-operator). */
  datadogOperatorChart: string;
}

export const kubernetesVersions: KubernetesVersions = versionsJson.kubernetes;
