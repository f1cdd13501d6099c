/** What a scale-up did. */
export interface ScaleResult {
  scaler: 'log' | 'compose' | 'kubernetes';
  service: string;
  /** logged: nothing scaled (SCALER=log); scaled: one replica more; at_max: already at SCALE_MAX, left as it is. */
  result: 'logged' | 'scaled' | 'at_max';
  /** Replicas before and after (not known to the log scaler). */
  from?: number;
  to?: number;
}

/**
 * Asks for one more replica of a service (up to a maximum). A failure throws: a ChannelError says
 * whether it is worth retrying; any other error is retried.
 */
export interface Scaler {
  readonly name: ScaleResult['scaler'];
  scaleUp(service: string): Promise<ScaleResult>;
}

/** Service names go into a command line or a URL: only what a compose service or a Kubernetes object may be called. */
export const SCALABLE_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
