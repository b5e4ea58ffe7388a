/**
 * GET /duty (issue #10 item 3) in-process: the language is chosen as documented, the CSP
 * admits exactly the page's own script and style, and the page's words exist in kk, ru
 * and en with the same placeholders. The page at work is test/e2e/duty-page.e2e.test.ts.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DUTY_TEXTS } from '../../../functions/handlers/http/duty/duty-texts.js';
import type { HttpResult } from '../../../functions/handlers/http/http-types.js';
import { headerOf } from '../../../functions/handlers/http/negotiate.js';
import { routeHarness } from '../../support/route-harness.js';

const h = routeHarness();

const get = (url: string, headers: Record<string, string> = {}) =>
  h.call({ method: 'GET', url, headers });

const header = (result: HttpResult, name: string) =>
  String(headerOf(result.headers as Record<string, string>, name) ?? '');

function inline(body: string, tag: 'script' | 'style'): string[] {
  const pattern = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g');
  return [...body.matchAll(pattern)].map((m) => m[1] ?? '');
}

const hashOf = (text: string) =>
  `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('GET /duty', () => {
  it.each([
    ['/duty?lang=ru', {}, 'ru', 'Дежурная смена НКЦ'],
    ['/duty?lang=en', { 'accept-language': 'ru' }, 'en', 'NCC duty page'],
    ['/duty', { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.8' }, 'ru', 'Дежурная смена НКЦ'],
    ['/duty', { 'accept-language': 'de, en;q=0.5' }, 'en', 'NCC duty page'],
    ['/duty', {}, 'kk', 'ҰҮО кезекшісінің беті'],
    // An unknown lang is Kazakh, as for the printable card, whatever Accept-Language says.
    ['/duty?lang=fr', { 'accept-language': 'en' }, 'kk', 'ҰҮО кезекшісінің беті'],
  ])('%s %j is in %s', async (url, headers, language, title) => {
    const result = await get(url, headers);
    expect(result.statusCode).toBe(200);
    expect(header(result, 'content-type')).toBe('text/html; charset=utf-8');
    expect(header(result, 'content-language')).toBe(language);
    expect(header(result, 'vary')).toBe('Accept-Language');
    expect(result.body).toContain(`<html lang="${language}">`);
    expect(result.body).toContain(`<title>${title}</title>`);
  });

  it('admits by hash exactly its one script and one style, loads nothing from elsewhere and has no inline handler', async () => {
    const result = await get('/duty?lang=en');
    const body = String(result.body);
    const csp = header(result, 'content-security-policy');
    const scripts = inline(body, 'script');
    const styles = inline(body, 'style');
    expect(scripts).toHaveLength(1);
    expect(styles).toHaveLength(1);
    expect(csp).toContain(`script-src ${hashOf(scripts[0] ?? '')};`);
    expect(csp).toContain(`style-src ${hashOf(styles[0] ?? '')};`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(body).not.toMatch(/\son[a-z]+=/i);
    expect(body).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('embeds its words and labels as JSON no text can break out of', async () => {
    const body = String((await get('/duty?lang=kk')).body);
    const block = /<script type="application\/json" id="duty-config">([\s\S]*?)<\/script>/.exec(
      body,
    )?.[1];
    expect(block).toBeDefined();
    expect(block).not.toContain('<');
    const config = JSON.parse(block ?? '{}');
    expect(config.lang).toBe('kk');
    expect(config.texts.overdueHeading).toBe('Мерзімі өткен');
    expect(config.labels.obligationKind.card).toBe('Инцидент карточкасы');
  });

  it('refuses a query parameter it does not know with 400, as every route does', async () => {
    const result = await get('/duty?soc=soc-a');
    expect(result.statusCode).toBe(400);
    expect(header(result, 'content-type')).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(String(result.body)).code).toBe('unknown_parameter');
  });
});

describe('the duty page words', () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it.each(Object.entries(DUTY_TEXTS))(
    '%s exists in kk, ru and en with the same placeholders',
    (_key, texts) => {
      for (const language of ['kk', 'ru', 'en'] as const)
        expect(texts[language].trim()).not.toBe('');
      expect(placeholders(texts.kk)).toEqual(placeholders(texts.en));
      expect(placeholders(texts.ru)).toEqual(placeholders(texts.en));
    },
  );
});
