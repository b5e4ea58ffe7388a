/**
 * `ncc-gw` end to end against a running gateway (test/support/gateway.ts): submit,
 * validate, inbox, ack, obligations, verify-webhook on a real delivery; and the bad
 * input of issue #10 — a missing file, invalid XML, an expired token, an unreachable
 * gateway — each one line and a non-zero exit code, never a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, run } from '../../cli/main.js';
import {
  startTestGateway,
  type TestGateway,
  type WebhookReceiver,
  webhookReceiver,
} from '../support/gateway.js';
import { client, eventually } from '../support/http.js';
import { annex7Fields, completeCard, partyBody } from '../support/messages.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SECRET = 'cli-secret-cli-secret-cli-secret-0001';
const dir = mkdtempSync(join(tmpdir(), 'ncc-gw-cli-'));

let gateway: TestGateway;
let hook: WebhookReceiver;
let socToken: string;

interface Outcome {
  code: number;
  out: string[];
  err: string[];
}

async function cli(
  argv: string[],
  env: Record<string, string> = {},
  stdin: Buffer = Buffer.alloc(0),
): Promise<Outcome> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, {
    env: {
      LANG: 'en_US.UTF-8',
      NCC_GW_URL: gateway.url,
      NCC_GW_TOKEN: socToken,
      NCC_GW_CONFIG: join(dir, 'none.json'),
      ...env,
    },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    stdin: async () => stdin,
    now: () => new Date(),
  });
  return { code, out, err };
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

beforeAll(async () => {
  gateway = await startTestGateway();
  hook = await webhookReceiver();
  await gateway.registerParty('ncc-cli', partyBody('ncc'));
  await gateway.registerParty(
    'soc-cli',
    partyBody('soc', { sectors: ['electricity'], webhook: { url: hook.url, secret: SECRET } }),
  );
  socToken = await gateway.token('soc-cli', 'soc');
});

afterAll(async () => {
  await gateway?.stop();
  await hook?.close();
});

describe('ncc-gw against a running gateway', () => {
  it('submits a card: validates, sends, prints the receipt with its SHA-256 and clocks', async () => {
    const card = file('card.json', JSON.stringify(completeCard()));

    const { code, out, err } = await cli(['submit', card]);

    expect(err.join('\n')).toContain('Checking');
    expect(code).toBe(EXIT.ok);
    expect(out[0]).toMatch(
      /^Accepted: incident \S+, version 1, received \S+, SHA-256 [0-9a-f]{64}$/,
    );
    expect(out.join('\n')).toMatch(/notify_ncc: satisfied/);
  });

  it('reads the inbox, acknowledges a notice, and lists overdue obligations', async () => {
    const ncc = client(gateway.url, await gateway.token('ncc-cli', 'ncc'));
    const issued = await ncc.post('/v1/notices', {
      kind: 'threat',
      registeredAt: new Date(Date.now() - 60_000).toISOString(),
      ...annex7Fields(),
      description: 'CLI inbox test',
      tlp: 'amber',
      recipients: { parties: ['soc-cli'] },
    });
    expect(issued.status).toBe(201);
    const noticeId = issued.json<{ id: string }>().id;

    const inbox = await cli(['inbox']);
    const ack = await cli(['ack', noticeId]);
    const overdue = await cli(['obligations', '--overdue']);

    expect(inbox.code).toBe(EXIT.ok);
    expect(inbox.out.join('\n')).toContain(noticeId);
    expect(ack).toMatchObject({ code: EXIT.ok, out: [`Acknowledged ${noticeId}.`] });
    expect(overdue.code).toBe(EXIT.ok);
  });

  it('verifies the signature of a real webhook delivery, and refuses a tampered one', async () => {
    const delivered = await eventually(() => hook.requests[0], 20_000);
    const raw = (body: string) =>
      Buffer.from(
        `POST /hook HTTP/1.1\r\n${Object.entries(delivered.headers)
          .map(([name, value]) => `${name}: ${value}`)
          .join('\r\n')}\r\n\r\n${body}`,
      );

    const good = await cli(['verify-webhook', '--secret', SECRET], {}, raw(delivered.body));
    const tampered = await cli(
      ['verify-webhook', '--secret', SECRET],
      {},
      raw(delivered.body.replace('"partyId":"soc-cli"', '"partyId":"soc-evil"')),
    );

    expect(good.code).toBe(EXIT.ok);
    expect(good.out[0]).toMatch(/^Signature valid/);
    expect(tampered.code).toBe(EXIT.signature);
    expect(tampered.err).toHaveLength(1);
  });
});

describe('ncc-gw on bad input: one line, a non-zero exit code', () => {
  it('validates a broken file offline: exit 2 and the pointer of each problem', async () => {
    const broken = file(
      'broken.json',
      JSON.stringify({ ...completeCard(), severity: 'Жоғарғы', registeredAt: '21.11.2026' }),
    );

    const { code, err } = await cli(['validate', broken, '--form', 'incidentCard'], {
      NCC_GW_URL: '',
    });

    expect(code).toBe(EXIT.invalid);
    expect(err[0]).toBe(`${broken}: The message does not match the official form.`);
    expect(err.join('\n')).toContain('/severity: "Жоғарғы" is not in catalogue severity');
    expect(err.join('\n')).toContain('/registeredAt:');
  });

  it('names the element of an XML file and refuses invalid XML', async () => {
    const notWellFormed = file('bad.xml', '<incidentCard xmlns="urn:kz:ncc-gateway:v1"><note>');

    const { code, err } = await cli(['validate', notWellFormed]);

    expect(code).toBe(EXIT.invalid);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/not well-formed XML/);
  });

  it('a missing file: exit 3, in the language of LANG', async () => {
    const en = await cli(['submit', join(dir, 'nope.json')]);
    const ru = await cli(['submit', join(dir, 'nope.json')], { LANG: 'ru_RU.UTF-8' });
    const kk = await cli(['submit', join(dir, 'nope.json')], { LANG: 'kk_KZ.UTF-8' });

    expect(en.code).toBe(EXIT.file);
    expect(en.err).toEqual([`Cannot read ${join(dir, 'nope.json')}: no such file.`]);
    expect(ru.err[0]).toContain('файла нет');
    expect(kk.err[0]).toContain('мұндай файл жоқ');
  });

  it('an expired token: exit 4 before anything is sent', async () => {
    const claims = Buffer.from(JSON.stringify({ exp: 1_700_000_000 })).toString('base64url');
    const card = file('card2.json', JSON.stringify(completeCard()));

    const { code, err } = await cli(['submit', card], { NCC_GW_TOKEN: `e30.${claims}.sig` });

    expect(code).toBe(EXIT.credentials);
    expect(err.at(-1)).toBe(
      'The token expired at 2023-11-14T22:13:20.000Z; get a new one with `ncc-gw token`.',
    );
  });

  it('a token the gateway refuses: exit 4 with its problem detail', async () => {
    const { code, err } = await cli(['inbox'], { NCC_GW_TOKEN: 'not-a-token' });

    expect(code).toBe(EXIT.credentials);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^The gateway answered 401 /);
  });

  it('an unreachable gateway: exit 5', async () => {
    const { code, err } = await cli(['inbox'], { NCC_GW_URL: 'http://127.0.0.1:9' });

    expect(code).toBe(EXIT.unreachable);
    expect(err).toEqual([
      expect.stringMatching(/^The gateway at http:\/\/127\.0\.0\.1:9 cannot be reached/),
    ]);
  });

  it('a server that answers 200 with something else: exit 5, never "Accepted" (a wrong URL, a proxy)', async () => {
    const impostor = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"x":1}');
    });
    impostor.listen(0, '127.0.0.1');
    await once(impostor, 'listening');
    const url = `http://127.0.0.1:${(impostor.address() as AddressInfo).port}`;
    try {
      const card = file('impostor-card.json', JSON.stringify(completeCard()));
      for (const argv of [['submit', card], ['inbox'], ['obligations']]) {
        const { code, out, err } = await cli(argv, { NCC_GW_URL: url });
        expect(code, argv.join(' ')).toBe(EXIT.unreachable);
        expect(out.join('\n')).not.toMatch(/Accepted/);
        expect(err.at(-1)).toMatch(/is not one the gateway gives/);
      }
    } finally {
      impostor.close();
    }
  });

  it('runs as the installed bin (cli/bin.mjs), without a stack trace on failure', () => {
    const ok = spawnSync(
      process.execPath,
      ['cli/bin.mjs', 'validate', 'events/incidentCard/section-10-complete-card.xml'],
      {
        cwd: ROOT,
        env: { ...process.env, LANG: 'en_US.UTF-8' },
        encoding: 'utf8',
      },
    );
    const missing = spawnSync(process.execPath, ['cli/bin.mjs', 'validate', 'no-such-file.xml'], {
      cwd: ROOT,
      env: { ...process.env, LANG: 'en_US.UTF-8' },
      encoding: 'utf8',
    });

    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('valid incidentCard');
    expect(missing.status).toBe(EXIT.file);
    expect(missing.stderr.trim().split('\n')).toEqual([
      'Cannot read no-such-file.xml: no such file.',
    ]);
  });
});
