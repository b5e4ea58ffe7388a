import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  annex4DateTime,
  annex4Field,
  formatAnnex4Log,
  formatAuditJsonLines,
  nationalDayBounds,
} from '../../../functions/core/audit/annex4-log.js';
import { sampleChain } from './audit-fixtures.js';

const golden = (name: string) => readFile(new URL(`golden/${name}`, import.meta.url));

describe('the 001 Annex 4 log', () => {
  it('writes a known sequence of actions byte for byte as the golden file', async () => {
    // Act
    const log = formatAnnex4Log(sampleChain());

    // Assert
    expect(Buffer.from(log, 'utf8').equals(await golden('soc-alpha-sample.annex4.txt'))).toBe(true);
  });

  it('writes the same entries as JSON lines byte for byte', async () => {
    const lines = formatAuditJsonLines(sampleChain());
    expect(Buffer.from(lines, 'utf8').equals(await golden('soc-alpha-sample.jsonl'))).toBe(true);
  });

  it('is the header alone for a day without entries', () => {
    expect(formatAnnex4Log([])).toBe(
      'date;time;source;user_id;user_ip;operation_start;operation_end;description\n',
    );
  });

  it('writes dates as DD:MM:YYYY and times as HH:MM:SS in national time', () => {
    expect(annex4DateTime('2026-11-20T19:00:00Z')).toEqual({
      date: '21:11:2026',
      time: '00:00:00',
    });
    expect(annex4DateTime('2026-01-01T04:05:06.789Z')).toEqual({
      date: '01:01:2026',
      time: '09:05:06',
    });
  });

  it('quotes fields holding the delimiter, quotes, line breaks or edge spaces', () => {
    expect(annex4Field('plain text')).toBe('plain text');
    expect(annex4Field('a;b')).toBe('"a;b"');
    expect(annex4Field('say "hi"')).toBe('"say ""hi"""');
    expect(annex4Field('two\nlines')).toBe('"two\nlines"');
    expect(annex4Field(' padded')).toBe('" padded"');
  });

  it('cuts days at national midnight', () => {
    expect(nationalDayBounds('2026-11-21')).toEqual({
      start: '2026-11-20T19:00:00.000Z',
      end: '2026-11-21T19:00:00.000Z',
    });
  });
});
