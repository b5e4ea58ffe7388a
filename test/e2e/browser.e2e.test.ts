/**
 * The pages people read, in headless Chromium (one browser for the file): the API
 * reference at /docs. Screenshots land in .local/screenshots/.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotPath } from '../support/browser.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

let gateway: TestGateway;
let browser: Browser;

beforeAll(async () => {
  [gateway, browser] = await Promise.all([startTestGateway(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
});

describe('/docs', () => {
  it('renders the API reference from /v1/openapi.json with the bundled Redoc, nothing from outside', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // Redoc's footer asks for its logo from its CDN; the page's CSP stops it in the browser.
    const outside: string[] = [];
    page.on('requestfinished', (request) => {
      if (!request.url().startsWith(gateway.url) && !request.url().startsWith('blob:'))
        outside.push(request.url());
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    const response = await page.goto(`${gateway.url}/docs`);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    await page
      .getByRole('heading', { name: /ncc-gateway/ })
      .first()
      .waitFor();
    await page.screenshot({ path: screenshotPath('docs'), fullPage: false });

    const menu = (await page.locator('.menu-content').textContent()) ?? '';
    expect(menu).toContain('incidents');
    expect(menu).toContain('Notify the NCC of an incident');
    expect(menu).toContain('obligation.missed');
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
