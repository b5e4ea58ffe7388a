import { describe, expect, it } from 'vitest';
import { BadRequestError, ValidationError } from '../../../functions/core/errors.js';
import { problemOf } from '../../../functions/core/problem/problem-details.js';
import { isoDuration } from '../../../functions/core/time.js';
import { obligationWindow } from '../../../functions/core/use-cases/obligations/read-obligations.js';
import { durationMs, QueryReader } from '../../../functions/core/use-cases/paging.js';

const NOW_MS = Date.parse('2026-11-21T06:00:00Z');

function thrown(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('one query-parameter scheme', () => {
  it('refuses an unknown parameter with 400 naming it, and points an old name to the new one', () => {
    // Arrange
    const reader = new QueryReader({ dueFrom: '2026-11-20T00:00:00Z', colour: 'red' });
    reader.window();
    reader.page();

    // Act
    const error = thrown(() => reader.done());

    // Assert
    expect(error).toBeInstanceOf(BadRequestError);
    const { problem } = problemOf(error);
    expect(problem.status).toBe(400);
    expect(problem.code).toBe('unknown_parameter');
    expect(problem.errors?.map((e) => e.pointer)).toEqual(['/query/dueFrom', '/query/colour']);
    expect(problem.errors?.[0]?.message).toContain('"from"');
    expect(problem.errors?.[1]?.message).toContain('from, to, limit, cursor');
  });

  it('reads from/to, refusing an inverted window as 422', () => {
    // Arrange
    const reader = new QueryReader({
      from: '2026-11-21T10:00:00+05:00',
      to: '2026-11-20T00:00:00Z',
    });

    // Act
    const window = reader.window();
    const error = thrown(() => reader.done());

    // Assert
    expect(window).toEqual({ from: '2026-11-21T05:00:00Z', to: '2026-11-20T00:00:00Z' });
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => `${i.pointer} ${i.code}`)).toEqual([
      '/query/to window_inverted',
    ]);
  });

  it.each([
    ['PT1H', 3_600_000],
    ['PT15M', 900_000],
    ['P3D', 3 * 86_400_000],
    ['P1DT2H30M', 95_400_000],
    ['PT0.5S', 500],
  ])('reads the duration %s', (text, ms) => {
    expect(durationMs(text)).toBe(ms);
  });

  it.each(['1h', 'P', 'PT', 'P1M', 'P1Y', 'PT-1H', ''])('refuses the duration "%s"', (text) => {
    expect(durationMs(text)).toBeUndefined();
  });

  it('renders lateness as an ISO 8601 duration of hours, minutes and seconds', () => {
    expect([0, 59, 300, 3600, 93_784].map(isoDuration)).toEqual([
      'PT0S',
      'PT59S',
      'PT5M',
      'PT1H',
      'PT26H3M4S',
    ]);
  });
});

describe('obligation filters', () => {
  it('dueWithin=PT1H is what opens falls due between now and an hour from now', () => {
    expect(obligationWindow({ nowMs: NOW_MS, dueWithinMs: 3_600_000 })).toEqual({
      state: 'open',
      dueFrom: '2026-11-21T06:00:00Z',
      dueTo: '2026-11-21T07:00:00Z',
    });
  });

  it('dueWithin keeps a narrower to and a named state', () => {
    expect(
      obligationWindow({
        nowMs: NOW_MS,
        dueWithinMs: 3_600_000,
        to: '2026-11-21T06:30:00Z',
        state: 'satisfied',
      }),
    ).toEqual({
      state: 'satisfied',
      dueFrom: '2026-11-21T06:00:00Z',
      dueTo: '2026-11-21T06:30:00Z',
    });
  });

  it('overdue=true means missed, and contradicts another state', () => {
    expect(obligationWindow({ nowMs: NOW_MS, overdue: true })).toEqual({ state: 'missed' });
    const error = thrown(() => obligationWindow({ nowMs: NOW_MS, overdue: true, state: 'open' }));
    expect((error as ValidationError).issues[0]?.code).toBe('conflicting_parameters');
  });
});
