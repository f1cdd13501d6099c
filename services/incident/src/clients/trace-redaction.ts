import { tracer } from '@shopfast/tracing';

/** What replaces the path of a hidden URL on a span. */
export const REDACTED_PATH = '/<redacted>';

/** Hidden URLs as `origin + pathname`, without a trailing slash (the query never reaches a span anyway). */
const hidden = new Set<string>();
let installed = false;

const withoutQuery = (url: URL) => `${url.origin}${url.pathname.replace(/\/+$/, '')}`;

/**
 * `scheme://host/<redacted>` when `url` is one of `hiddenUrls` (or under one), else undefined. The host
 * stays: it says which provider was called, and is no secret.
 */
export function redactedUrl(url: string, hiddenUrls: Iterable<string>): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const target = withoutQuery(parsed);
  for (const secret of hiddenUrls) {
    if (target === secret || target.startsWith(`${secret}/`)) return `${parsed.origin}${REDACTED_PATH}`;
  }
  return undefined;
}

/**
 * Keeps these URLs off the `http.client.request` spans of fetch calls. A Slack incoming-webhook URL is a
 * credential (https://hooks.slack.com/services/T…/B…/<token>: whoever has it can post to the channel), and
 * dd-trace records a client call's URL in `http.url` with only its query string obfuscated. The fetch
 * integration's request hook runs as each client span finishes, and rewrites `http.url` of a call to one
 * of these URLs to `scheme://host/<redacted>`. Installed once per process; every Slack client adds its URLs.
 */
export function hideUrlsFromTraces(urls: Iterable<string | undefined>): void {
  for (const url of urls) {
    if (!url) continue;
    try {
      hidden.add(withoutQuery(new URL(url)));
    } catch {
      // Not a URL: config validation refuses those; nothing a span could show.
    }
  }
  if (installed || hidden.size === 0) return;
  installed = true;
  tracer.use('fetch', {
    hooks: {
      request(span, req) {
        // fetch's hook gets the Request (dd-trace types it as http's ClientRequest).
        const url = (req as unknown as { url?: unknown } | undefined)?.url;
        const redacted = typeof url === 'string' ? redactedUrl(url, hidden) : undefined;
        if (span && redacted) span.setTag('http.url', redacted);
      },
    },
  });
}
