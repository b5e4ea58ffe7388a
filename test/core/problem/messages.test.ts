/**
 * The kk/ru/en message catalogue (issue #10 item 6): every code the gateway can answer
 * with has a text in all three languages, templates agree on their values across
 * languages, and the English messages the code writes are the ones the catalogue knows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../functions/core/catalogue/catalogue.js';
import { GatewayError, NotFoundError, ValidationError } from '../../../functions/core/errors.js';
import {
  languageOf,
  localise,
  messageTable,
  placeholdersOf,
  TITLES,
} from '../../../functions/core/problem/messages.js';
import { problemOf } from '../../../functions/core/problem/problem-details.js';
import type { Clock } from '../../../functions/core/time.js';
import { readMessage } from '../../../functions/core/validation/read-message.js';
import { readBody } from '../../../functions/core/wire/read-body.js';
import { discoverSamples } from '../sample-events.js';

const FUNCTIONS_DIR = fileURLToPath(new URL('../../../functions/', import.meta.url));
const NOW: Clock = () => new Date('2026-11-21T12:00:00Z');

/** Every code literal the gateway's source throws or reports, with the file it is in. */
function codesInSource(): Map<string, string> {
  const patterns = [
    /\bcode:\s*'([a-z][a-z0-9_]*)'/g,
    /new\s+[A-Z]\w*Error\(\s*'([a-z][a-z0-9_]*)'/g,
    /\bsuper\(\s*'([a-z][a-z0-9_]*)'/g,
    /\bfail\(\s*\w+,\s*'([a-z][a-z0-9_]*)'/g,
  ];
  const codes = new Map<string, string>();
  for (const entry of readdirSync(FUNCTIONS_DIR, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const path = join(entry.parentPath, entry.name);
    const text = readFileSync(path, 'utf8');
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) codes.set(match[1] as string, path);
    }
  }
  return codes;
}

describe('the message catalogue', () => {
  it('has a kk, ru and en text for every code thrown or reported under functions/', () => {
    const codes = codesInSource();
    expect(codes.size).toBeGreaterThan(40);
    const missing = [...codes]
      .filter(([code]) => !Object.hasOwn(messageTable(), code))
      .map(([code, file]) => `${code} (${file}): add it to functions/core/problem/messages.ts`);
    expect(missing).toEqual([]);
  });

  it('writes every text in all three languages, translated, with the same placeholders', () => {
    const problems: string[] = [];
    for (const [code, texts] of Object.entries(messageTable())) {
      texts.forEach((text, i) => {
        const en = placeholdersOf(text.en).sort();
        for (const language of LANGUAGES) {
          if (typeof text[language] !== 'string' || text[language].trim() === '')
            problems.push(`${code}[${i}] has no ${language}`);
          else if (JSON.stringify(placeholdersOf(text[language]).sort()) !== JSON.stringify(en))
            problems.push(`${code}[${i}].${language} placeholders differ from en`);
        }
        if (text.kk === text.en || text.ru === text.en || text.kk === text.ru)
          problems.push(`${code}[${i}] is not translated`);
      });
    }
    for (const [status, title] of Object.entries(TITLES)) {
      for (const language of LANGUAGES)
        if (!title[language]) problems.push(`title ${status} has no ${language}`);
    }
    expect(problems).toEqual([]);
  });

  it('starts every code with a general text that needs no values (the fallback)', () => {
    const withPlaceholders = Object.entries(messageTable())
      .filter(([, texts]) => placeholdersOf(texts[0].en).length > 0)
      .map(([code]) => code);
    expect(withPlaceholders).toEqual([]);
  });
});

describe('localise', () => {
  it('carries the values of an English message into the Kazakh and Russian templates', () => {
    const english = 'Must have at most 20 items.';
    expect(localise('too_many_items', english, 'kk')).toEqual({
      text: 'Ең көбі 20 элемент болуы керек.',
      match: 'template',
    });
    expect(localise('too_many_items', english, 'ru').text).toBe(
      'Должно быть не больше 20 элементов.',
    );
    expect(localise('too_many_items', english, 'en').text).toBe(english);
  });

  it('falls back to the general text of the code when the English matches no template', () => {
    expect(localise('too_long', 'Something nobody catalogued.', 'ru')).toEqual({
      text: 'Слишком длинно.',
      match: 'general',
    });
    expect(localise('too_long', 'Something nobody catalogued.', 'en').text).toBe(
      'Something nobody catalogued.',
    );
  });

  it('recognises every message that the samples under events/ produce', () => {
    const unmatched: string[] = [];
    for (const sample of discoverSamples().samples) {
      let issues: { code: string; message: string }[] = [];
      try {
        const { warnings } = readMessage(
          sample.form,
          readBody(sample.bytes, sample.contentType),
          NOW,
        );
        issues = warnings;
      } catch (error) {
        if (!(error instanceof GatewayError)) throw error;
        issues = [{ code: error.code, message: error.message }, ...error.issues];
      }
      for (const { code, message } of issues) {
        const { match } = localise(code, message, 'kk');
        if (match !== 'exact' && match !== 'template')
          unmatched.push(`${sample.path}: ${code} "${message}"`);
      }
    }
    expect(unmatched).toEqual([]);
  });
});

describe('languageOf (Accept-Language)', () => {
  it.each([
    [undefined, 'kk'],
    ['', 'kk'],
    ['ru', 'ru'],
    ['ru-RU,ru;q=0.9,en;q=0.8', 'ru'],
    ['en-GB', 'en'],
    ['de, en;q=0.5, ru;q=0.7', 'ru'],
    ['fr', 'kk'],
    ['kk-KZ', 'kk'],
    ['en;q=0, ru;q=0.1', 'ru'],
    ['*', 'kk'],
  ] as const)('%j → %s', (header, language) => {
    expect(languageOf(header)).toBe(language);
  });
});

describe('problem details in the reader language', () => {
  it('localises the title, the detail and every issue message', () => {
    const error = new ValidationError([
      { pointer: '/severity', code: 'required', message: '"severity" is required.' },
    ]);
    const { problem } = problemOf(error, 'kk');
    expect(problem).toMatchObject({
      title: 'Тексеруден өтпеді',
      detail: 'Хабарлама ресми нысанға сәйкес келмейді.',
      code: 'validation_failed',
      errors: [{ pointer: '/severity', code: 'required', message: '"severity" міндетті.' }],
    });
    expect(problemOf(error, 'ru').problem.errors?.[0]?.message).toBe('"severity" обязательно.');
  });

  it('keeps the identifying values in a localised detail', () => {
    const { problem } = problemOf(new NotFoundError('Incident 01JD0000000000000000000000'), 'ru');
    expect(problem.detail).toBe('Инцидент 01JD0000000000000000000000 не найден.');
  });
});

describe('unknown enum labels, element paths and date formats', () => {
  function issuesOf(
    form: 'incidentCard',
    body: string,
    contentType: string,
  ): Record<string, unknown>[] {
    try {
      readMessage(form, readBody(new TextEncoder().encode(body), contentType), NOW);
    } catch (error) {
      if (error instanceof GatewayError) return error.issues as never;
      throw error;
    }
    throw new Error('the body was accepted');
  }

  const sample = discoverSamples().samples.find(
    (s) => s.path === 'incidentCard/section-10-complete-card.json',
  );
  const card = JSON.parse(new TextDecoder().decode(sample?.bytes)) as Record<string, unknown>;

  it('gives an unknown label one issue with the closest labels and a link to the catalogue', () => {
    const issues = issuesOf(
      'incidentCard',
      JSON.stringify({ ...card, severity: 'Жоғарғы' }),
      'application/json',
    );
    const atSeverity = issues.filter((issue) => issue.pointer === '/severity');
    expect(atSeverity).toHaveLength(1);
    expect(atSeverity[0]).toMatchObject({
      code: 'invalid_value',
      see: '/v1/catalogue#severity',
    });
    expect(atSeverity[0]?.suggestions).toEqual(expect.arrayContaining(['Жоғары (4)']));
    expect((atSeverity[0]?.suggestions as string[] | undefined)?.[0]).toBe('Жоғары (4)');
    const { problem } = problemOf(new ValidationError(atSeverity as never), 'kk');
    expect(problem.errors?.[0]?.message).toContain('/v1/catalogue');
    expect(problem.errors?.[0]?.message).toContain('Жоғары (4)');
  });

  it('shows the expected format of registeredAt', () => {
    const issues = issuesOf(
      'incidentCard',
      JSON.stringify({ ...card, registeredAt: '20.11.2026' }),
      'application/json',
    );
    expect(issues).toEqual([
      expect.objectContaining({
        pointer: '/registeredAt',
        code: 'invalid_format',
        expected: 'YYYY-MM-DD',
      }),
    ]);
  });

  it('gives XML senders the element path next to the JSON pointer', () => {
    const xml = new TextDecoder().decode(
      discoverSamples().samples.find((s) => s.path === 'incidentCard/section-10-complete-card.xml')
        ?.bytes,
    );
    const broken = xml.replace(
      /<confirmedAt>[^<]*<\/confirmedAt>/,
      '<confirmedAt>2026-11-20 09:10</confirmedAt>',
    );
    expect(broken).not.toBe(xml);
    expect(issuesOf('incidentCard', broken, 'application/xml')).toEqual([
      expect.objectContaining({
        pointer: '/details/confirmedAt',
        element: '/incidentCard/details/confirmedAt',
        code: 'invalid_timestamp',
      }),
    ]);
  });
});
