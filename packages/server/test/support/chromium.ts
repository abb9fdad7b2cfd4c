import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Debian's Chromium, driven by playwright-core in the browser tests of every package. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Installs Debian's chromium when it is missing and this machine can; else says why not. */
function ensureChromium(): string | null {
  if (fs.existsSync(CHROMIUM)) return null;
  try {
    if (process.getuid?.() !== 0) return 'not root, so apt-get cannot install it';
    execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'ignore', timeout: 300_000 });
    if (fs.existsSync(CHROMIUM)) return null;
  } catch (error) {
    return `apt-get install -y chromium failed: ${(error as Error).message.split('\n')[0]}`;
  }
  return `${CHROMIUM} still missing after apt-get`;
}

/**
 * Null when Chromium is there (installed first if it can be); otherwise why not, after saying
 * loudly that `test` is skipped.
 */
export function whyNoChromium(test: string): string | null {
  const missing = ensureChromium();
  if (missing) {
    console.warn(
      `\n${'!'.repeat(78)}\n!! SKIPPING ${test}: no Chromium (${missing}).\n!! Install it with: apt-get install -y chromium\n${'!'.repeat(78)}\n`,
    );
  }
  return missing;
}
