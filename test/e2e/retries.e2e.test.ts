/**
 * Issue #14 item 2 over real HTTP: a retry with the same canonical content is a
 * replay answered with the original receipt whatever its bytes (re-serialised JSON,
 * the XML twin); only a real difference is a 409, naming the differing pointers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { client } from '../support/http.js';
import { asXml, completeCard, partyBody, uniqueReference } from '../support/messages.js';

interface Problem {
  code: string;
  errors?: { pointer: string; code: string }[];
}

let gateway: TestGateway;
let soc: ReturnType<typeof client>;

beforeAll(async () => {
  gateway = await startTestGateway();
  await gateway.registerParty('ncc-duty', partyBody('ncc'));
  await gateway.registerParty('soc-retry', partyBody('soc', { sectors: ['electricity'] }));
  soc = client(gateway.url, await gateway.token('soc-retry', 'soc'));
});

afterAll(async () => {
  await gateway?.stop();
});

describe('safe retries', () => {
  it('replays a re-serialised JSON card and its XML twin with the original receipt, creating one incident', async () => {
    // Arrange
    const card = completeCard();
    const reserialised = JSON.stringify(
      Object.fromEntries(Object.entries(card).reverse()),
      null,
      2,
    );

    // Act
    const first = await soc.post('/v1/incidents', card);
    const again = await soc.post('/v1/incidents', reserialised, {
      contentType: 'application/json',
    });
    const twin = await soc.post('/v1/incidents', asXml('incidentCard', card), {
      accept: 'application/json',
    });
    const listed = (await soc.get('/v1/incidents?limit=200')).json<{
      items: { socReference: string }[];
    }>();

    // Assert
    expect(first.status).toBe(201);
    expect([again.status, twin.status]).toEqual([201, 201]);
    expect(again.headers.get('idempotent-replay')).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(twin.json()).toEqual(first.json());
    expect(listed.items.filter((i) => i.socReference === card.socReference)).toHaveLength(1);
  });

  it('refuses the same socReference with other content with 409 naming the differing pointers', async () => {
    // Arrange
    const card = completeCard();
    await soc.post('/v1/incidents', card);

    // Act
    const response = await soc.post('/v1/incidents', { ...card, severity: 4, note: 'changed' });

    // Assert
    const problem = response.json<Problem>();
    expect(response.status).toBe(409);
    expect(problem.code).toBe('soc_reference_taken');
    expect(problem.errors?.map((e) => e.pointer)).toEqual(['/note', '/severity']);
  });

  it('replays a repeated Idempotency-Key with re-serialised content; another content is 409 naming what differs', async () => {
    // Arrange
    const key = uniqueReference('key');
    const card = completeCard();
    const headers = { 'idempotency-key': key };

    // Act
    const first = await soc.post('/v1/incidents', card, { headers });
    const again = await soc.post('/v1/incidents', JSON.stringify(card, null, 4), {
      headers,
      contentType: 'application/json',
    });
    const other = await soc.post(
      '/v1/incidents',
      { ...card, description: 'another incident' },
      { headers },
    );

    // Assert
    expect(again.status).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(other.status).toBe(409);
    expect(other.json<Problem>()).toMatchObject({
      code: 'idempotency_key_reused',
      errors: [{ pointer: '/description', code: 'differs_from_original' }],
    });
  });
});
