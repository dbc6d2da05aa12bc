import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless, with everything that would reach out on its own switched off
 * (updates, sync, background networking, QUIC), so a browser test's only requests are the
 * page's — which each test then confines to the loopback.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
