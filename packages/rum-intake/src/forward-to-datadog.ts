// Forwarding to Datadog's browser intake, as the SDK's `proxy` option expects of a proxy: POST the
// body unchanged to https://browser-intake-<site><ddforward>, adding the client's address so
// Datadog can still geolocate the session.

/** The intake host for a Datadog site, built the way the browser SDK builds it. */
export function intakeHostFor(site: string): string {
  const parts = site.split('.');
  const extension = parts.pop();
  return `browser-intake-${parts.join('-')}.${extension}`;
}

export interface ForwardRequest {
  site: string;
  /** `/api/v2/<track>?<query>` as the SDK sent it in `ddforward`. */
  forwardPath: string;
  body: Buffer;
  contentType: string | undefined;
  clientIp: string | undefined;
  timeoutMs: number;
}

/** Returns Datadog's status code. Throws on a network error or timeout. */
export async function forwardToDatadog(request: ForwardRequest): Promise<number> {
  const url = `https://${intakeHostFor(request.site)}${request.forwardPath}`;
  const headers: Record<string, string> = {};
  if (request.contentType) headers['content-type'] = request.contentType;
  if (request.clientIp) headers['x-forwarded-for'] = request.clientIp;
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: new Uint8Array(request.body),
    signal: AbortSignal.timeout(request.timeoutMs),
  });
  // Drain the body so the connection can be reused.
  await response.arrayBuffer().catch(() => undefined);
  return response.status;
}
