/**
 * No request answers 500 (issue #12 item 2): JSON nested ~130 000 levels deep used to
 * overflow the stack in the prototype-key and character walks. Depth is capped
 * before any walk, with a 400 problem like XML's `xml_too_deep`.
 */
import { describe, expect, it } from 'vitest';
import { MalformedBodyError } from '../../../functions/core/errors.js';
import { problemOf } from '../../../functions/core/problem/problem-details.js';
import { readMessage } from '../../../functions/core/validation/read-message.js';
import { MAX_JSON_DEPTH, parseJson } from '../../../functions/core/wire/parse-json.js';
import { readBody } from '../../../functions/core/wire/read-body.js';
import { exampleCard, fixedClock } from '../fixtures.js';

const bodyOf = (text: string) => readBody(new TextEncoder().encode(text), 'application/json');

function refusalOf(text: string) {
  const error = (() => {
    try {
      readMessage('incidentCard', bodyOf(text), fixedClock);
      return undefined;
    } catch (e) {
      return e;
    }
  })();
  return { error, problem: problemOf(error).problem };
}

describe('JSON depth', () => {
  it.each([
    ['130 000 nested arrays', `${'['.repeat(130_000)}${']'.repeat(130_000)}`],
    [
      'deep objects holding __proto__',
      `${'{"a":'.repeat(40_000)}{"__proto__":1}${'}'.repeat(40_000)}`,
    ],
    [
      'deep arrays of strings with control characters',
      `${'['.repeat(100_000)}"\\u0001"${']'.repeat(100_000)}`,
    ],
  ])('refuses %s with 400 json_too_deep, not a stack overflow', (_case, text) => {
    const { error, problem } = refusalOf(text);

    expect(error).toBeInstanceOf(MalformedBodyError);
    expect(problem).toMatchObject({ status: 400, code: 'json_too_deep' });
  });

  it(`accepts nesting up to ${MAX_JSON_DEPTH} levels and counts no bracket inside a string`, () => {
    const deepest = `${'['.repeat(MAX_JSON_DEPTH)}"[[[[{{{{\\"]]"${']'.repeat(MAX_JSON_DEPTH)}`;

    expect(() => parseJson(deepest)).not.toThrow();
    expect(() => parseJson(`[${deepest}]`)).toThrow(
      expect.objectContaining({ code: 'json_too_deep' }),
    );
  });

  it('still reads the docs/contract.md §10 card', () => {
    const text = JSON.stringify(exampleCard());

    expect(readMessage('incidentCard', bodyOf(text), fixedClock).message).toMatchObject({
      type: 'ransomware',
    });
  });
});
