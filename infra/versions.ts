// Typed access to infra/versions.json, the one list of pinned versions.
import versionsJson from './versions.json';

export interface Versions {
  node: { major: number; minimumMajor: number; local: string; image: string };
  npm: Record<'dd-trace' | '@datadog/browser-rum' | '@datadog/browser-logs', string>;
  images: Record<'datadogAgent' | 'testAgent' | 'postgres' | 'mongo' | 'redis' | 'elasticsearch' | 'mailpit' | 'nginx', string>;
  local: Record<'testAgent' | 'elasticsearch' | 'ferretdb' | 'dockerCompose' | 'mongosh', string>;
}

export const versions: Versions = versionsJson;

/** The tag of an image reference: `mongo:8.0` -> `8.0`. */
export const imageTag = (image: string) => image.slice(image.lastIndexOf(':') + 1);
