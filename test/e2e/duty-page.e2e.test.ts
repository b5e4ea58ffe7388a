/**
 * The NCC duty page (issue #10 item 3) in headless Chromium against the whole local
 * gateway: an officer signs in with a local NCC token, watches a card clock run out and
 * the sweep record the miss, opens an incident's versions and their diff, issues a
 * notice, and the page passes axe-core with no serious or critical violation.
 * Screenshots land in .local/screenshots/ (duty-*.png): look at them.
 */
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotPath } from '../support/browser.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { client } from '../support/http.js';
import { billingObject, completeCard, notification, partyBody } from '../support/messages.js';

const HOUR = 3_600_000;

interface Receipt {
  id: string;
  obligations: { kind: string; state: string; dueAt: string }[];
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

let gateway: TestGateway;
let browser: Browser;
let page: Page;
let soc: ReturnType<typeof client>;
/** Its card clock runs out a few seconds into the test. */
let expiring: Receipt;
/** A complete card and its revision: two versions to compare. */
let revised: Receipt;
const browserProblems: string[] = [];

beforeAll(async () => {
  [gateway, browser] = await Promise.all([startTestGateway(), launchBrowser()]);
  await gateway.registerParty('owner-energo', partyBody('owner'));
  // A miss goes to the head of the NCC (here: the owner party) if no NCC party acknowledges it in time.
  await gateway.registerParty(
    'ncc-duty',
    partyBody('ncc', { escalation: { level2Recipients: ['owner-energo'], level2AfterHours: 2 } }),
  );
  await gateway.registerParty(
    'soc-alpha',
    partyBody('soc', { sectors: ['electricity'], objects: [billingObject()] }),
  );
  soc = client(gateway.url, await gateway.token('soc-alpha', 'soc'));
  // The card is due 72 h after confirmation (004 п.9): confirmed 72 h − 20 s ago, it is
  // due in the next hour now and overdue 20 s from now.
  expiring = (
    await soc.post('/v1/incidents', notification({ confirmedAgoMs: 72 * HOUR - 20_000 }))
  ).json<Receipt>();
  const card = completeCard({ confirmedAgoMs: 10 * 60_000, severity: 3 });
  revised = (await soc.post('/v1/incidents', card)).json<Receipt>();
  const revision = await soc.put(`/v1/incidents/${revised.id}/card`, {
    ...card,
    severity: 2,
    description: `${card.description} Шифрланған серверлер саны артты.`,
  });
  expect(revision.status).toBe(200);

  page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  page.on('pageerror', (error) => browserProblems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // A CSP refusal is reported on the console: the page must not need anything it forbids.
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text()))
      browserProblems.push(`console: ${message.text()}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
});

async function axeViolations(target: Page): Promise<Violation[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await target.evaluate(axe.source);
  return target.evaluate(`axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }
    }).then((result) => result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' '))
    })))`) as Promise<Violation[]>;
}

const serious = (violations: Violation[]) =>
  violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');

describe('GET /duty in headless Chromium', () => {
  it('signs in with a local NCC token and shows the card clock counting down within the hour', async () => {
    const response = await page.goto(`${gateway.url}/duty?lang=en`);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    await page.getByLabel('Bearer token').fill(await gateway.token('ncc-duty', 'ncc'));
    await page.getByRole('button', { name: 'Sign in' }).click();

    const row = page.locator(
      `#due tr:has(a:text("${expiring.id}")):has(td:text-is("Incident card"))`,
    );
    await row.waitFor();
    const first = await row.locator('.clock').textContent();
    expect(first).toMatch(/^00:00:\d\d left$/);
    // The clock counts in the browser (the next refresh is 30 s away).
    await expect
      .poll(() => row.locator('.clock').textContent(), { timeout: 5_000 })
      .not.toBe(first);
    expect(await page.locator('#signed-in').textContent()).toContain('ncc-duty');
  });

  it('moves the obligation to Overdue when its clock runs out, and shows it Missed once the sweep has recorded it', async () => {
    await page.getByLabel('Auto-refresh').selectOption('5');
    const overdue = page.locator(
      `#overdue tr:has(a:text("${expiring.id}")):has(td:text-is("Incident card"))`,
    );
    await overdue.locator('.state-missed').waitFor({ timeout: 45_000 });

    expect(await overdue.locator('th').textContent()).toBe('soc-alpha');
    // Level 1 went out with the miss; level 2 follows in 2 h unless an NCC party acknowledges.
    expect(await overdue.locator('.note').textContent()).toMatch(
      /^level 2 at (\d\d:\d\d:\d\d|\d{4}-\d\d-\d\d \d\d:\d\d) unless acknowledged$/,
    );
    expect(await overdue.locator('.clock').textContent()).toMatch(/^00:00:\d\d overdue$/);
    expect(await page.locator(`#due tr:has(a:text("${expiring.id}"))`).count()).toBe(0);
    // The summary counts it against the SOC.
    const summary = page.locator('#by-soc tr:has(button:text("soc-alpha"))');
    expect(Number(await summary.locator('td').first().textContent())).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: screenshotPath('duty-overdue'), fullPage: true });
  }, 60_000);

  it('filters by party and obligation kind', async () => {
    await page.getByLabel('Obligation', { exact: true }).selectOption('card');
    expect(await page.locator('#overdue tbody tr').count()).toBe(1);
    await page.getByLabel('Obligation', { exact: true }).selectOption('');
    const all = await page.locator('#overdue tbody tr').count();
    expect(all).toBeGreaterThan(1);
    await page.getByLabel('Owed by', { exact: true }).selectOption('soc-alpha');
    const parties = await page.locator('#overdue tbody tr th').allTextContents();
    expect(new Set(parties)).toEqual(new Set(['soc-alpha']));
    await page.getByLabel('Owed by', { exact: true }).selectOption('');
    expect(await page.locator('#overdue tbody tr').count()).toBe(all);
  });

  it('opens an incident from its row: every clock, and the card versions', async () => {
    await page.locator(`#overdue a:text("${expiring.id}")`).first().click();
    const heading = page.locator('#incident-heading');
    await heading.getByText(expiring.id).waitFor();
    const clocks = (await page.locator('#incident-body table').first().textContent()) ?? '';
    expect(clocks).toContain('Incident card');
    expect(clocks).toContain('Missed');
    expect(await page.locator('#diff').textContent()).toContain('only one version');
  });

  it('shows the diff between two card versions, pointer by pointer', async () => {
    await page.evaluate(`location.hash = '#incident=${revised.id}'`);
    await page.locator('#incident-heading').getByText(revised.id).waitFor();
    const diff = page.locator('#diff table');
    await diff.waitFor();
    const severity = diff.locator('tr:has(code:text-is("/severity"))');
    expect(await severity.locator('td').allTextContents()).toEqual(['3', '2']);
    expect(await diff.locator('tr:has(code:text-is("/description"))').count()).toBe(1);
    expect(await page.locator('#incident-body').textContent()).toContain('Card versions');
    await page.locator('#incident').screenshot({ path: screenshotPath('duty-incident-diff') });
  });

  it('issues a notice through POST /v1/notices, and shows a refusal with its pointers', async () => {
    await page
      .getByLabel('Description')
      .fill('Фишинг таратылып жатыр: күдікті хаттарды бұғаттаңыз.');
    await page.getByLabel('Recipient parties (ids, comma-separated)').fill('soc-alpha');
    await page.getByRole('button', { name: 'Issue the notice' }).click();
    const result = page.locator('#notice-result');
    await result.getByText(/^Notice ntc_\w+ issued/).waitFor();
    const noticeId = /ntc_\w+/.exec((await result.textContent()) ?? '')?.[0];
    const inbox = await soc.get('/v1/notices');
    expect(JSON.stringify(inbox.json())).toContain(noticeId);

    // No recipient: the gateway's own 422, its pointers shown in the page's language.
    await page.getByLabel('Description').fill('Тағы бір хабарлама.');
    await page.getByRole('button', { name: 'Issue the notice' }).click();
    await result.getByText(/^Refused:/).waitFor();
    expect(await result.locator('code').allTextContents()).toContain('/recipients');
  });

  it('waives a missed obligation with a reason: the row leaves Overdue and the API says waived', async () => {
    const row = page.locator(
      `#overdue tr:has(a:text("${expiring.id}")):has(td:text-is("Notify the owner"))`,
    );
    await row.getByRole('button', { name: /^Waive…/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').textContent()).toBe(
      'Waive the obligation: Notify the owner, soc-alpha',
    );
    // The modal dialog passes axe too.
    expect(serious(await axeViolations(page))).toEqual([]);
    await dialog.getByLabel('Reason').fill('Иесі инцидент туралы телефон арқылы хабардар етілді.');
    await page.screenshot({ path: screenshotPath('duty-waive') });
    await dialog.getByRole('button', { name: 'Waive', exact: true }).click();
    await page
      .locator('#action-status')
      .getByText('Notify the owner (soc-alpha) waived.')
      .waitFor();
    // The status line can show before the table's refresh has removed the row.
    await row.waitFor({ state: 'detached' });

    expect(await row.count()).toBe(0);
    const ncc = client(gateway.url, await gateway.token('ncc-duty', 'ncc'));
    const waived = (await ncc.get('/v1/obligations?state=waived&soc=soc-alpha')).json<{
      items: { subjectId: string; kind: string; waiver?: { by: string; reason: string } }[];
    }>();
    expect(
      waived.items.find((o) => o.subjectId === expiring.id && o.kind === 'notify_owner')?.waiver,
    ).toMatchObject({ by: 'ncc-duty', reason: expect.stringContaining('телефон') });
  });

  it('has no serious or critical accessibility violation (axe-core), signed in with an incident open', async () => {
    const violations = await axeViolations(page);
    expect(serious(violations)).toEqual([]);
    expect(browserProblems).toEqual([]);
  });

  it('speaks Kazakh by ?lang and Russian by Accept-Language, keeping the token for the tab', async () => {
    await page.goto(`${gateway.url}/duty?lang=kk`);
    await page.locator('#overdue tr').first().waitFor();
    expect(await page.locator('h1').textContent()).toBe('ҰҮО кезекшісінің беті');
    expect(await page.locator('#overdue').textContent()).toContain('Инцидент карточкасы');
    await page.screenshot({ path: screenshotPath('duty-kk'), fullPage: false });
    expect(serious(await axeViolations(page))).toEqual([]);

    await page.setExtraHTTPHeaders({ 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' });
    await page.goto(`${gateway.url}/duty`);
    await page.locator('#overdue tr').first().waitFor();
    expect(await page.locator('#overdue').textContent()).toContain('Карточка инцидента');
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
  });

  it('refuses a SOC token at sign-in and shows the sign-in form to a new tab', async () => {
    const fresh = await browser.newPage();
    await fresh.goto(`${gateway.url}/duty?lang=en`);
    await fresh.getByLabel('Bearer token').fill(await gateway.token('soc-alpha', 'soc'));
    await fresh.getByRole('button', { name: 'Sign in' }).click();
    await fresh
      .getByRole('alert')
      .getByText(/not an NCC party/)
      .waitFor();
    expect(await fresh.locator('#duty').isHidden()).toBe(true);
    expect(serious(await axeViolations(fresh))).toEqual([]);
    await fresh.screenshot({ path: screenshotPath('duty-sign-in') });
    await fresh.close();
  });
});
