import { systemTool } from './system-tools.js';

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

/**
 * Null when Chromium is there (installed first if it can be); otherwise why not, after saying
 * loudly that `test` is skipped.
 */
export function whyNoChromium(test: string): string | null {
  const found = systemTool({ name: 'Chromium', paths: [CHROMIUM], aptPackage: 'chromium' }, test);
  return found ? null : 'no Chromium';
}
