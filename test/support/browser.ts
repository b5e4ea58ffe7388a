/**
 * Headless Chromium for the tests that look at pages as a person would: Debian's
 * `chromium` package (installed by .ci/run), driven by playwright-core. One browser per
 * test file; a missing browser fails the test with a line saying how to install it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

/** Where screenshots go (git-ignored): look at them. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../.local/screenshots/', import.meta.url));

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium executable: `CHROMIUM_PATH`, or the Debian package's. */
export function chromiumExecutable(): string {
  const configured = process.env.CHROMIUM_PATH;
  const found = configured ? [configured] : CANDIDATES.filter((path) => existsSync(path));
  const path = found[0];
  if (path === undefined || !existsSync(path)) {
    throw new Error(
      `Headless Chromium not found (${configured ?? CANDIDATES.join(', ')}): install it with ` +
        '`apt-get install -y chromium` (.ci/run does) or set CHROMIUM_PATH.',
    );
  }
  return path;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumExecutable(),
    headless: true,
    // Root in CI has no user namespace sandbox; the pages are our own.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

/** The path for a screenshot named `name`.png (the folder is made on demand). */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return join(SCREENSHOT_DIR, `${name}.png`);
}
