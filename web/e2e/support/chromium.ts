// Debian's Chromium driven by playwright-core. Never a downloaded browser: when /usr/bin/chromium is
// missing it is installed with apt (as root), otherwise the tests stop with the command to run.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.SHOPFAST_CHROMIUM ?? '/usr/bin/chromium';

export function ensureChromium(): string {
  if (fs.existsSync(CHROMIUM)) return CHROMIUM;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}. Install Debian's package: sudo apt-get install -y chromium`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update'], { stdio: 'ignore', env, timeout: 300_000 });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'ignore', env, timeout: 600_000 });
  } catch (error) {
    throw new Error(`Could not install Chromium with apt-get (${(error as Error).message}). Run: apt-get install -y chromium`);
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is still missing`);
  return CHROMIUM;
}

/**
 * playwright-core gives every launch a fresh temporary profile (it refuses --user-data-dir).
 * Flags that avoid hangs on a machine without outside network (no update checks, no QUIC, no sync). */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const executablePath = ensureChromium();
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}
