// What the orchestrator (stack.ts) needs to know about each server it manages.
import type { Logger } from '../lib/log';
import type { PortSpec } from '../lib/ports';

export interface Component {
  /** Name used for .stack/pids/<name>.pid, .stack/logs/<name>.log and `--only`. */
  name: string;
  /**
   * Components that must be healthy before this one starts: its stores, the telemetry sinks, the peers
   * it needs. The one source of the start order (stop is its reverse) and of what `--only` brings along.
   */
  after: readonly string[];
  /** Ports it listens on; checked before start so a foreign listener gives a clear error. */
  ports: PortSpec[];
  /** Shown in the summary table. */
  url: string;
  logFile: string;
  /**
   * A substring of /proc/<pid>/cmdline. A PID file is only trusted when the process behind it
   * still matches: after a reboot the number may belong to something else.
   */
  processMatch: string;
  readyTimeoutMs: number;
  /** False when there is nothing to run (an app service that has not been built). */
  available?(): boolean;
  /** Installs or builds what is missing; prints what it installs. */
  install?(say: Logger): Promise<void>;
  /** Starts the server and returns the PID to record (the leader of its process group). */
  start(say: Logger): Promise<number>;
  isHealthy(): Promise<boolean>;
  /** Runs after it is healthy, also when it was already running (e.g. apply SQL). */
  afterReady?(say: Logger): Promise<void>;
  /** Finds a running instance of ours that has no PID file (postgres knows via postmaster.pid). */
  adopt?(): number | undefined;
  /** Custom stop; the default is SIGTERM to the process group, then SIGKILL after 10 s. */
  stop?(pid: number, say: Logger): Promise<void>;
}
