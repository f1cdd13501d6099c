import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from 'pino';

export interface Closeable {
  name: string;
  close: () => Promise<unknown>;
}

export interface StartServerOptions {
  app: Express;
  port: number;
  host?: string;
  logger: Logger;
  /** Closed in order after the server stops accepting and in-flight requests drained: stores, then metrics. */
  closeables: Closeable[];
  shutdownTimeoutMs: number;
  /** Exit the process when shutdown completes (main.ts: true; tests: false). */
  exitProcess?: boolean;
}

export interface RunningServer {
  server: Server;
  port: number;
  /** Runs the graceful shutdown once; later calls return the same promise. */
  shutdown: (reason: string) => Promise<void>;
}

/**
 * Listens and installs graceful shutdown on SIGTERM/SIGINT:
 * 1. stop accepting connections and close idle keep-alive sockets;
 * 2. let in-flight requests finish, up to shutdownTimeoutMs, then cut what remains;
 * 3. close stores and the metrics client (which flushes its buffer);
 * 4. let the event loop empty, so dd-trace's beforeExit hook flushes the last traces
 *    (process.exit() would skip it); an unref'd timer forces the exit if something hangs.
 */
export async function startHttpServer(options: StartServerOptions): Promise<RunningServer> {
  const server = createServer(options.app);
  // Longer than typical load-balancer idle timeouts, so the proxy closes first (no 502s on reuse).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  options.logger.info({ port }, 'listening');

  let shuttingDown: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    shuttingDown ??= drainAndClose(server, options, reason);
    return shuttingDown;
  };

  if (options.exitProcess !== false) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        void shutdown(signal).then(() => {
          process.exitCode = 0;
          // Safety net only: normally the loop empties first and the process ends by itself.
          setTimeout(() => process.exit(0), 5_000).unref();
        });
      });
    }
  }
  return { server, port, shutdown };
}

async function drainAndClose(server: Server, options: StartServerOptions, reason: string): Promise<void> {
  const { logger } = options;
  logger.info({ reason }, 'shutting down: no longer accepting connections');
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive sockets become idle as their last response is sent; sweep them so close() can finish.
  server.closeIdleConnections();
  const idleSweeper = setInterval(() => server.closeIdleConnections(), 100);
  const timedOut = await Promise.race([
    closed.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), options.shutdownTimeoutMs).unref()),
  ]);
  if (timedOut) {
    logger.warn({ timeoutMs: options.shutdownTimeoutMs }, 'in-flight requests did not finish in time; closing their connections');
    server.closeAllConnections();
    await closed;
  }
  clearInterval(idleSweeper);
  for (const closeable of options.closeables) {
    try {
      await closeable.close();
      logger.info({ resource: closeable.name }, 'closed');
    } catch (error) {
      logger.warn({ err: error, resource: closeable.name }, 'close failed');
    }
  }
  logger.info('shutdown complete');
  logger.flush?.();
}
