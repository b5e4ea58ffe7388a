/**
 * Issue #9 item 3 over real HTTP on the embedded stack: after an admin reissues a
 * party's client credentials, the token it held is 401 on its very next request, and a
 * token issued after the reissue works; the reissue is on the party's audit chain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { client } from '../support/http.js';
import { partyBody } from '../support/messages.js';

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway();
  await gateway.registerParty('soc-alpha', partyBody('soc'));
});

afterAll(async () => {
  await gateway?.stop();
});

describe('credential reissue', () => {
  it('refuses the old token at once (401 credentials_reissued); a new one works; audited', async () => {
    // Arrange: the SOC works with its token
    const oldToken = await gateway.token('soc-alpha', 'soc');
    const soc = client(gateway.url, oldToken);
    const admin = client(gateway.url, await gateway.token('admin', 'admin'));
    expect((await soc.get('/v1/obligations')).status).toBe(200);

    // Act
    const reissue = await admin.post('/v1/parties/soc-alpha/credentials/reissue', {
      note: 'Token found in a leaked log',
    });
    const withOld = await soc.get('/v1/obligations');
    const validFromMs = Date.parse(
      reissue.json<{ credentialsIssuedAt: string }>().credentialsIssuedAt,
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, validFromMs - Date.now()) + 50));
    const withNew = await client(gateway.url, await gateway.token('soc-alpha', 'soc')).get(
      '/v1/obligations',
    );
    const audit = await admin.get('/v1/audit/verify?party=soc-alpha');

    // Assert
    expect(reissue.status, reissue.text).toBe(200);
    expect(withOld.status).toBe(401);
    expect(withOld.json<{ code: string }>().code).toBe('credentials_reissued');
    expect(withNew.status, withNew.text).toBe(200);
    expect(audit.status).toBe(200);
    // One entry on the SOC's chain: the reissue (its requests are not chained yet).
    expect(audit.json<{ ok: boolean; checked: number }>()).toMatchObject({ ok: true, checked: 1 });
  });
});
