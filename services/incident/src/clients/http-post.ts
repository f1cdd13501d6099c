import { ChannelError } from '../model/incident';

export interface PostAnswer {
  status: number;
  text: string;
}

/** 429 (slow down) and 5xx (the provider's trouble) pass; anything else in 4xx will be refused again. */
export const isRetryableStatus = (status: number) => status === 429 || status >= 500;

/**
 * POSTs JSON with a timeout (fetch, so dd-trace traces the call and propagates the trace). A network error
 * or a timeout becomes a retryable ChannelError naming `channel`; any HTTP answer is returned as it is.
 */
export async function postJson(channel: string, url: string, body: unknown, timeoutMs: number): Promise<PostAnswer> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : ((error as Error & { cause?: Error }).cause?.message ?? (error as Error).message);
    throw new ChannelError(`${channel} could not be reached: ${reason}`, true);
  }
  return { status: response.status, text: await response.text().catch(() => '') };
}

/** A failed answer as a ChannelError, retryable or not by its status. */
export function refusal(channel: string, answer: PostAnswer): ChannelError {
  return new ChannelError(`${channel} answered ${answer.status}: ${answer.text.slice(0, 300)}`, isRetryableStatus(answer.status));
}
