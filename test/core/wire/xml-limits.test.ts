import { describe, expect, it } from 'vitest';
import { readMessage } from '../../../functions/core/validation/read-message.js';
import { MAX_XML_ELEMENTS } from '../../../functions/core/wire/parse-xml.js';
import { readBody } from '../../../functions/core/wire/read-body.js';
import { renderXml } from '../../../functions/core/wire/render-xml.js';

const now = () => new Date('2026-11-21T12:00:00Z');

describe('XML limits leave room for every valid message', () => {
  it('reads the largest legitimate document: a party with 1 000 registered objects', () => {
    // Arrange
    const objects = Array.from({ length: 1000 }, (_, i) => ({
      id: `obj-${i}`,
      name: `Объект ${i}`,
      kind: 'critical_ict_object',
      owner: 'owner-energo',
    }));
    const xml = renderXml('party', { role: 'owner', name: 'Energo owner', objects });

    // Act
    const { message } = readMessage('party', readBody(Buffer.from(xml), 'application/xml'), now);

    // Assert
    expect(message.objects).toHaveLength(1000);
    expect(MAX_XML_ELEMENTS).toBeGreaterThan(5 * 1000 + 10);
  });
});
