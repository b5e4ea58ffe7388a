/**
 * The verification snippets of docs/webhooks.md (Node, Python, curl+openssl), each run
 * on a real delivery of the gateway and on the same delivery with one byte changed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestGateway,
  type TestGateway,
  type WebhookReceiver,
  webhookReceiver,
} from '../support/gateway.js';
import { client, eventually } from '../support/http.js';
import { annex7Fields, partyBody } from '../support/messages.js';

const DOC = fileURLToPath(new URL('../../docs/webhooks.md', import.meta.url));
const SECRET = 'snippet-secret-snippet-secret-0001';
const dir = mkdtempSync(join(tmpdir(), 'webhook-snippets-'));

function snippet(language: string, file: string): string {
  const match = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(
    readFileSync(DOC, 'utf8'),
  );
  if (!match?.[1]) throw new Error(`docs/webhooks.md has no ${language} block`);
  const path = join(dir, file);
  writeFileSync(path, match[1]);
  return path;
}

let gateway: TestGateway;
let hook: WebhookReceiver;
let delivery: { headers: Record<string, string>; body: string };

beforeAll(async () => {
  gateway = await startTestGateway();
  hook = await webhookReceiver();
  await gateway.registerParty('ncc-snip', partyBody('ncc'));
  await gateway.registerParty(
    'soc-snip',
    partyBody('soc', { webhook: { url: hook.url, secret: SECRET } }),
  );
  const ncc = client(gateway.url, await gateway.token('ncc-snip', 'ncc'));
  const issued = await ncc.post('/v1/notices', {
    kind: 'threat',
    registeredAt: new Date(Date.now() - 60_000).toISOString(),
    ...annex7Fields(),
    description: 'Webhook snippet test',
    tlp: 'amber',
    recipients: { parties: ['soc-snip'] },
  });
  expect(issued.status).toBe(201);
  delivery = await eventually(() => hook.requests[0], 20_000);
});

afterAll(async () => {
  await gateway?.stop();
  await hook?.close();
});

const RUNNERS: [string, string, string, (path: string) => [string, string[]]][] = [
  ['Node.js', 'js', 'verify.mjs', (path) => [process.execPath, [path]]],
  ['Python 3', 'python', 'verify.py', (path) => ['python3', [path]]],
  ['curl + openssl', 'sh', 'verify.sh', (path) => ['sh', [path]]],
];

describe('docs/webhooks.md snippets on a real delivery', () => {
  it.each(RUNNERS)(
    '%s: valid for the delivery, invalid for a changed byte',
    (_, language, file, command) => {
      const [program, args] = command(snippet(language, file));
      const header = delivery.headers['x-gateway-signature'] ?? '';
      const run = (body: string) =>
        spawnSync(program, [...args, SECRET, header], { input: body, encoding: 'utf8' });

      const good = run(delivery.body);
      const bad = run(delivery.body.replace('soc-snip', 'soc-snIp'));

      expect(good.stderr).toBe('');
      expect([good.status, good.stdout.trim()]).toEqual([0, 'valid']);
      expect([bad.status, bad.stdout.trim()]).toEqual([1, 'invalid']);
    },
  );

  it('finds the tools it runs', () => {
    expect(execFileSync('openssl', ['version'], { encoding: 'utf8' })).toMatch(/SSL/);
  });
});
