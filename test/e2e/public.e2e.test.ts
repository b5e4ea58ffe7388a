/** The public routes (docs/contract.md §4): health, the catalogue and the published schemas, without a token. */
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { client } from '../support/http.js';

let gateway: TestGateway;
let anyone: ReturnType<typeof client>;

beforeAll(async () => {
  gateway = await startTestGateway();
  anyone = client(gateway.url);
});

afterAll(async () => {
  await gateway?.stop();
});

describe('public routes', () => {
  it('reports liveness', async () => {
    const response = await anyone.get('/v1/health');

    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok' });
  });

  it('tells the gateway time in UTC and national time (п.90-1(8))', async () => {
    const before = Date.now();
    const response = await anyone.get('/v1/time');
    const after = Date.now();
    const body = response.json<{ utc: string; epochMilliseconds: number; national: string }>();

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body.epochMilliseconds).toBeGreaterThanOrEqual(before);
    expect(body.epochMilliseconds).toBeLessThanOrEqual(after);
    expect(Date.parse(body.utc)).toBe(body.epochMilliseconds);
    expect(body.utc).toMatch(/Z$/);
    expect(Date.parse(body.national)).toBe(Math.floor(body.epochMilliseconds / 1000) * 1000);
    expect(body.national).toMatch(/\+05:00$/);
  });

  it('serves every enum with kk, ru and en labels, in JSON or XML', async () => {
    const json = await anyone.get('/v1/catalogue');
    const xml = await anyone.get('/v1/catalogue', { accept: 'application/xml' });
    const severity = json.json<{
      enums: {
        severity: {
          code: number;
          kk: string;
          ru: string;
          en: string;
          aliases?: { text: string; source: string }[];
        }[];
      };
    }>().enums.severity;

    expect(severity.find((entry) => entry.code === 4)).toEqual({
      code: 4,
      kk: 'Жоғары',
      ru: 'Высокий',
      en: 'High',
      aliases: [{ text: 'Жоғары (4)', source: '004 Annex 3' }],
    });
    expect(xml.headers.get('content-type')).toContain('application/xml');
    expect(xml.text).toContain('<kk>Жоғары</kk>');
  });

  it('serves the JSON Schema and the XSD of the incident card', async () => {
    const schema = await anyone.get('/v1/schemas/incident-card');
    const xsd = await anyone.get('/v1/schemas/incident-card.xsd');
    const parsedXsd = new XMLParser({ ignoreAttributes: false }).parse(xsd.text) as Record<
      string,
      unknown
    >;

    expect(schema.headers.get('content-type')).toContain('application/schema+json');
    expect(schema.json()).toMatchObject({
      $id: 'https://schemas.ncc-gateway.kz/v1/incident-card.schema.json',
    });
    expect(xsd.status).toBe(200);
    expect(Object.keys(parsedXsd).some((key) => key.endsWith('schema'))).toBe(true);
  });

  it('answers 404 problem details for an unknown schema', async () => {
    const response = await anyone.get('/v1/schemas/no-such-thing.xsd');

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});
