import { chromium, type Browser } from 'playwright-core';
import { onTestFinished } from 'vitest';
import { systemBinaryOrSkip, type SystemBinary } from './system-binary.js';

/** Debian's Chromium (`.ci/run` installs it); playwright-core never downloads a browser of its own. */
export const CHROMIUM: SystemBinary = {
  name: 'Chromium',
  envVar: 'CHROME_PATH',
  paths: ['/usr/bin/chromium', '/usr/bin/chromium-browser'],
  install: 'apt-get install chromium',
};

/** Where Chromium is, or undefined when its tests are skipped: `describe.skipIf(CHROMIUM_PATH === undefined)`. */
export const CHROMIUM_PATH = systemBinaryOrSkip(CHROMIUM);

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  // No host but loopback resolves, so nothing a page does can leave the machine (the demo page
  // opened from disk connects to ws.derivws.com at once), and such a connection fails at once
  // rather than after a DNS timeout. (The rules apply to address literals too, hence EXCLUDE.)
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/** A fresh headless Chromium, closed when the test ends. */
export async function launchChromium(): Promise<Browser> {
  if (CHROMIUM_PATH === undefined)
    throw new Error('Chromium is not installed; skip this test with describe.skipIf(CHROMIUM_PATH === undefined)');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
  onTestFinished(() => browser.close());
  return browser;
}
