import { pathToFileURL } from 'node:url';
import { StackError } from './errors';
import { repoRoot } from './paths';

/**
 * The tsx loader as a file URL, for `node --import <url> server.ts`. Loading TypeScript in-process keeps
 * one process per server, so the PID we record is the server's (the tsx CLI would spawn a second node).
 */
export function tsxLoaderUrl(component: string): string {
  try {
    return pathToFileURL(require.resolve('tsx', { paths: [repoRoot] })).href;
  } catch {
    throw new StackError('cannot find the `tsx` package: run `npm install` at the repository root', { component });
  }
}
