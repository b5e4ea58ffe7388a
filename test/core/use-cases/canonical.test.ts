import { describe, expect, it } from 'vitest';
import { canonicalSha256, differingPointers } from '../../../functions/core/use-cases/canonical.js';
import { readMessage } from '../../../functions/core/validation/read-message.js';
import { exampleCard, fixedClock, jsonBody, xmlBody } from '../fixtures.js';

describe('canonical content', () => {
  it('is the same for re-serialised JSON, reordered keys and the XML twin', () => {
    // Arrange
    const card = exampleCard();
    const reordered = Object.fromEntries(Object.entries(card).reverse());

    // Act
    const digests = [
      readMessage('incidentCard', jsonBody(card), fixedClock).message,
      readMessage('incidentCard', jsonBody(reordered), fixedClock).message,
      readMessage('incidentCard', xmlBody('incidentCard', card), fixedClock).message,
    ].map(canonicalSha256);

    // Assert
    expect(new Set(digests).size).toBe(1);
  });

  it('treats one instant written with two offsets as the same content', () => {
    // Arrange
    const card = exampleCard();
    const inUtc = exampleCard();
    inUtc.details.confirmedAt = '2026-11-20T04:10:00Z';

    // Act / Assert
    expect(card.details.confirmedAt).toBe('2026-11-20T09:10:00+05:00');
    expect(canonicalSha256(inUtc)).toBe(canonicalSha256(card));
    expect(differingPointers(card, inUtc)).toEqual([]);
  });

  it('names the JSON pointers of a real difference', () => {
    // Arrange
    const card = exampleCard();
    const changed = exampleCard();
    changed.severity = 4;
    changed.details.iocs = changed.details.iocs?.slice(0, 1);
    changed.note = 'x';

    // Act
    const pointers = differingPointers(card, changed);

    // Assert
    expect(canonicalSha256(changed)).not.toBe(canonicalSha256(card));
    expect(pointers).toEqual(['/details/iocs', '/note', '/severity']);
  });
});
