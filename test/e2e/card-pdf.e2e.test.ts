/**
 * The printable Annex 3 card (issue #10 item 4): rendered once per language, read back
 * through its text layer with poppler's pdftotext (installed by .ci/run), and drawn as
 * PNG with pdftoppm into .local/screenshots/ for a person to look at.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annex3Labels, GATEWAY_LABELS } from '../../functions/core/catalogue/annex3-form.js';
import { screenshotPath } from '../support/browser.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { client } from '../support/http.js';
import { completeCard, partyBody } from '../support/messages.js';

const KAZAKH_LETTERS = ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і'];

let gateway: TestGateway;
let soc: ReturnType<typeof client>;
let incidentId: string;
let sha256: string;

/** The PDF's text layer, whitespace folded (labels may wrap). */
function textLayer(pdf: Buffer, name: string): string {
  const path = screenshotPath(name).replace(/\.png$/, '.pdf');
  writeFileSync(path, pdf);
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '70',
    '-f',
    '1',
    '-l',
    '1',
    path,
    path.replace(/\.pdf$/, ''),
  ]);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(
    /\s+/g,
    ' ',
  );
}

async function pdfOf(path: string): Promise<{ status: number; body: Buffer; headers: Headers }> {
  const response = await fetch(new URL(path, gateway.url), {
    headers: { authorization: `Bearer ${await gateway.token('soc-pdf', 'soc')}` },
  });
  return {
    status: response.status,
    body: Buffer.from(await response.arrayBuffer()),
    headers: response.headers,
  };
}

beforeAll(async () => {
  gateway = await startTestGateway();
  await gateway.registerParty('soc-pdf', partyBody('soc'));
  await gateway.registerParty('soc-other', partyBody('soc'));
  soc = client(gateway.url, await gateway.token('soc-pdf', 'soc'));
  const card = completeCard();
  const accepted = await soc.post('/v1/incidents', {
    ...card,
    description: 'Шабуыл әріптестің қоңыр ғимаратына өтті; һәм ұзақ үзіліс.',
  });
  expect(accepted.status).toBe(201);
  ({ id: incidentId, sha256 } = accepted.json<{ id: string; sha256: string }>());
});

afterAll(async () => {
  await gateway?.stop();
});

describe('GET /v1/incidents/{id}/card.pdf', () => {
  it('prints every Annex 3 label in Kazakh, the Kazakh letters, the receipt and the clocks', async () => {
    const { status, body, headers } = await pdfOf(`/v1/incidents/${incidentId}/card.pdf?lang=kk`);

    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/pdf');
    const text = textLayer(body, 'card-kk');
    for (const label of annex3Labels('kk')) expect(text).toContain(label);
    for (const letter of KAZAKH_LETTERS) expect(text).toContain(letter);
    expect(text).toContain(sha256);
    expect(text).toContain(GATEWAY_LABELS.kk.clocks);
    expect(text).toContain('ҰҮО-ны хабардар ету');
  });

  it('prints every label in Russian with lang=ru', async () => {
    const { status, body } = await pdfOf(`/v1/incidents/${incidentId}/card.pdf?lang=ru`);

    expect(status).toBe(200);
    const text = textLayer(body, 'card-ru');
    for (const label of annex3Labels('ru')) expect(text).toContain(label);
    expect(text).toContain(sha256);
  });

  it('prints Kazakh for an unknown lang, and hides another SOC’s incident (404)', async () => {
    const unknown = await fetch(
      new URL(`/v1/incidents/${incidentId}/card.pdf?lang=xx`, gateway.url),
      {
        method: 'GET',
        headers: { authorization: `Bearer ${await gateway.token('soc-pdf', 'soc')}` },
      },
    );
    const foreign = await client(gateway.url, await gateway.token('soc-other', 'soc')).get(
      `/v1/incidents/${incidentId}/card.pdf?lang=kk`,
    );

    expect(unknown.headers.get('content-language')).toBe('kk');
    await unknown.arrayBuffer();
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get('content-type')).toContain('application/problem+json');
  });
});
