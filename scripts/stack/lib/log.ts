// Progress output. Every line starts with "[stack]" so it is easy to tell apart from the
// output of npm, tsc or the test runner that calls this code.
import * as fs from 'node:fs';

export type Logger = (line: string) => void;

export const consoleLogger: Logger = (line) => {
  process.stdout.write(`[stack] ${line}\n`);
};

/** Logger for one component: "[stack] postgres: ready in 2.1s". */
export function componentLogger(log: Logger, name: string): Logger {
  return (line) => log(`${name}: ${line}`);
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** Marker written to a server's log each time we start it (see spawnDetached). */
export const START_MARKER = '--- ';

/**
 * Last `count` lines of a file, or a note saying it is missing (never throws). Only lines after
 * the last start marker are shown: earlier runs' output would only confuse.
 */
export function tailFile(file: string, count = 20): string {
  let text: string;
  try {
    const size = fs.statSync(file).size;
    // Read at most the last 64 KiB: logs such as Elasticsearch's grow large.
    const length = Math.min(size, 64 * 1024);
    const fd = fs.openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(length);
      fs.readSync(fd, buffer, 0, length, size - length);
      text = buffer.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return `    (no log at ${file})`;
  }
  let lines = text.replace(/\n+$/, '').split('\n');
  const lastStart = lines.map((l) => l.startsWith(START_MARKER) && l.includes(' starting: ')).lastIndexOf(true);
  if (lastStart !== -1 && lastStart < lines.length - 1) lines = lines.slice(lastStart + 1);
  lines = lines.slice(-count);
  return lines.map((l) => `    | ${l}`).join('\n');
}

/** Plain-text table with a header row and columns padded to the widest cell. */
export function formatTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
