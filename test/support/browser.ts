import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_PATH } from './services';

/** Flags that let Debian's Chromium run headless on a CI machine without a sandbox, GPU or network chatter. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches the system Chromium (never a downloaded browser); fails saying what to install when it is missing. */
export async function launchChromium(): Promise<Browser> {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
  } catch {
    throw new Error(`The browser suite needs Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** True when screenshots should be written to docs/screenshots (WEBMENTION_SCREENSHOTS=1). */
export const SCREENSHOTS = /^(1|true|yes)$/i.test(process.env.WEBMENTION_SCREENSHOTS || '');
