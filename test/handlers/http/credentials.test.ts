/**
 * Client credentials (issue #9 item 3, п.90-1(4), (10)) through the route table on the
 * in-memory store, with an injected clock: an admin reissue makes every earlier token
 * 401 at once and is audited; `policy.credentialMaxAgeDays` reminds the party 7 days
 * before expiry (once) and blocks the connection at expiry (once), through the sweep.
 */
import { describe, expect, it } from 'vitest';
import type { MemoryClientSecrets } from '../../../functions/adapters/memory/client-secrets.js';
import { DependencyUnavailableError } from '../../../functions/core/errors.js';
import type { ClientSecrets } from '../../../functions/core/ports/client-secrets.js';
import { sweep } from '../../../functions/core/use-cases/deliveries/sweep.js';
import { tokenClaims } from '../../support/api-events.js';
import { headerOf, jsonOf, type RouteHarness, routeHarness } from '../../support/route-harness.js';

const START = '2026-11-20T04:12:31.204Z';
const DAY_MS = 86_400_000;
const JSON_TYPE = { 'content-type': 'application/json', accept: 'application/json' };

async function harness(): Promise<RouteHarness> {
  const h = routeHarness(START);
  await h.register('admin', 'admin');
  await h.register('ncc-duty', 'ncc');
  return h;
}

/** What the harness's Cognito twin holds for a client now. */
function secretsOf(h: RouteHarness, clientId: string): string[] {
  return (h.deps.clientSecrets as MemoryClientSecrets).secretsOf(clientId);
}

const later = (ms: number) => new Date(Date.parse(START) + ms).toISOString();

function sweepOf(h: RouteHarness) {
  return sweep({ ...h.deps, outboxGraceSeconds: 0 });
}

describe('credential reissue', () => {
  it('makes every earlier token 401 at once, audits the reissue, and a new token works', async () => {
    // Arrange: a SOC working with a token issued before the incident
    const h = await harness();
    await h.register('soc-a', 'soc');
    const oldClaims = tokenClaims('soc-a', 'soc', new Date(START));
    const before = await h.call({ method: 'GET', url: '/v1/obligations', claims: oldClaims });
    expect(before.statusCode, before.body).toBe(200);

    // Act
    h.setNow(later(5_000));
    const reissue = await h.call({
      method: 'POST',
      url: '/v1/parties/soc-a/credentials/reissue',
      as: 'admin',
      headers: JSON_TYPE,
      body: JSON.stringify({ note: 'Token leaked in an incident' }),
    });
    const old = await h.call({ method: 'GET', url: '/v1/obligations', claims: oldClaims });
    const mintedJustBefore = await h.call({ method: 'GET', url: '/v1/obligations', as: 'soc-a' });
    h.setNow(later(5_000 + 61_000));
    const fresh = await h.call({ method: 'GET', url: '/v1/obligations', as: 'soc-a' });

    // Assert
    expect(reissue.statusCode, reissue.body).toBe(200);
    const answer = jsonOf(reissue);
    expect(answer).toEqual({
      partyId: 'soc-a',
      clientId: 'soc-a',
      credentialsIssuedAt: '2026-11-20T04:12:37Z',
      clientSecret: expect.stringMatching(/^[\w-]{40,}$/),
    });
    // The old secret is gone: the only one left is the one answered, shown this once.
    expect(secretsOf(h, 'soc-a')).toEqual([answer.clientSecret]);
    expect(old.statusCode).toBe(401);
    expect(jsonOf(old).code).toBe('credentials_reissued');
    expect(headerOf(old, 'www-authenticate')).toBeDefined();
    expect(mintedJustBefore.statusCode).toBe(401);
    expect(fresh.statusCode, fresh.body).toBe(200);
    const audit = await h.adapters.audit.entries('soc-a', 1, 10);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'credentials.reissued',
        outcome: 'reissued',
        userId: 'admin',
        source: 'reissue-credentials',
        subjectId: 'soc-a',
      }),
    ]);
    expect(audit[0]?.description).toContain('Token leaked in an incident');
    expect(JSON.stringify(audit)).not.toContain(String(answer.clientSecret));
  });

  it('changes nothing when the client secret cannot be replaced: 503, the old token still works, nothing audited', async () => {
    // Arrange: Cognito refuses (down, throttled): the old secret still mints tokens
    const failing: ClientSecrets = {
      replace: async () => {
        throw new DependencyUnavailableError('Amazon Cognito');
      },
    };
    const h = routeHarness(START, { clientSecrets: failing });
    await h.register('admin', 'admin');
    await h.register('soc-a', 'soc');
    const oldClaims = tokenClaims('soc-a', 'soc', new Date(START));

    // Act
    h.setNow(later(5_000));
    const reissue = await h.call({
      method: 'POST',
      url: '/v1/parties/soc-a/credentials/reissue',
      as: 'admin',
    });
    const old = await h.call({ method: 'GET', url: '/v1/obligations', claims: oldClaims });

    // Assert: were the cut-off written anyway, tokens the old secret mints next would pass
    expect(reissue.statusCode, reissue.body).toBe(503);
    expect(headerOf(reissue, 'retry-after')).toBeDefined();
    expect(jsonOf(reissue).code).toBe('dependency_unavailable');
    expect(old.statusCode, old.body).toBe(200);
    expect(await h.adapters.audit.entries('soc-a', 1, 10)).toEqual([]);
  });

  it('404 for an unknown party, 403 for any role but admin, and nothing written', async () => {
    const h = await harness();
    await h.register('soc-a', 'soc');

    const unknown = await h.call({
      method: 'POST',
      url: '/v1/parties/nobody-here/credentials/reissue',
      as: 'admin',
    });
    const bySoc = await h.call({
      method: 'POST',
      url: '/v1/parties/soc-a/credentials/reissue',
      as: 'soc-a',
    });

    expect(unknown.statusCode).toBe(404);
    expect(bySoc.statusCode).toBe(403);
    expect(jsonOf(bySoc).code).toBe('wrong_role');
    expect((await h.adapters.connections.getConnection('soc-a'))?.credentialsIssuedAt).toBe(
      undefined,
    );
  });
});

describe('credential age (policy.credentialMaxAgeDays)', () => {
  it('reminds the party 7 days before expiry, once; blocks at expiry, once; a reissue starts the age again', async () => {
    // Arrange: a 30-day credential, registered now
    const h = await harness();
    await h.register('soc-a', 'soc', {
      webhook: undefined,
      policy: { credentialMaxAgeDays: 30 },
    });
    const events = async (party: string) =>
      (await h.adapters.deliveries.listDeliveries(party, { limit: 50 })).items.map((d) => d.event);

    // Act + Assert: nothing before day 23
    h.setNow(later(22 * DAY_MS));
    expect(await sweepOf(h)).toMatchObject({ credentialsReminded: 0, credentialsExpired: 0 });

    // Day 23: reminded, once however often the sweep runs
    h.setNow(later(23 * DAY_MS + 1_000));
    const reminders = [await sweepOf(h), await sweepOf(h), await sweepOf(h)];
    expect(reminders.map((s) => s.credentialsReminded)).toEqual([1, 0, 0]);
    expect(await events('soc-a')).toEqual(['credentials.expiring']);
    const reminder = (await h.adapters.deliveries.listDeliveries('soc-a', { limit: 5 })).items[0];
    expect(reminder?.payload).toMatchObject({
      partyId: 'soc-a',
      expiresAt: '2026-12-20T04:12:31.204Z',
      credentialMaxAgeDays: 30,
    });
    const ok = await h.call({ method: 'GET', url: '/v1/obligations', as: 'soc-a' });
    expect(ok.statusCode).toBe(200);

    // Day 30: blocked, once; every NCC party told; the party is 403
    h.setNow(later(30 * DAY_MS));
    const expiry = [await sweepOf(h), await sweepOf(h)];
    expect(expiry.map((s) => s.credentialsExpired)).toEqual([1, 0]);
    expect(await events('ncc-duty')).toEqual(['connection.blocked']);
    const blocked = await h.call({ method: 'GET', url: '/v1/obligations', as: 'soc-a' });
    expect(blocked.statusCode).toBe(403);
    expect(jsonOf(blocked).code).toBe('connection_blocked');
    expect((await h.adapters.connections.getConnection('soc-a'))?.blocked).toMatchObject({
      reason: 'credential_expired',
      by: 'gateway',
    });

    // An admin reissues and unblocks: the age starts again, nothing is due for 23 days
    const reissued = await h.call({
      method: 'POST',
      url: '/v1/parties/soc-a/credentials/reissue',
      as: 'admin',
    });
    const unblocked = await h.call({
      method: 'POST',
      url: '/v1/parties/soc-a/unblock',
      as: 'admin',
    });
    expect(reissued.statusCode, reissued.body).toBe(200);
    expect(unblocked.statusCode, unblocked.body).toBe(200);
    h.setNow(later(31 * DAY_MS));
    expect(await sweepOf(h)).toMatchObject({ credentialsReminded: 0, credentialsExpired: 0 });
    const back = await h.call({ method: 'GET', url: '/v1/obligations', as: 'soc-a' });
    expect(back.statusCode, back.body).toBe(200);
    // …and the new credential is reminded of in its turn (day 30 + 23).
    h.setNow(later(53 * DAY_MS + 2_000));
    expect(await sweepOf(h)).toMatchObject({ credentialsReminded: 1, credentialsExpired: 0 });
    const actions = (await h.adapters.audit.entries('soc-a', 1, 20)).map((e) => e.action);
    expect(actions).toEqual([
      'credentials.expiring',
      'connection.blocked',
      'credentials.reissued',
      'connection.unblocked',
      'credentials.expiring',
    ]);
  });

  it('422 with a pointer for a negative or zero credentialMaxAgeDays', async () => {
    const h = await harness();
    for (const days of [-1, 0]) {
      const result = await h.call({
        method: 'PUT',
        url: '/v1/parties/soc-new',
        as: 'admin',
        headers: JSON_TYPE,
        body: JSON.stringify({
          role: 'soc',
          name: 'SOC',
          policy: { credentialMaxAgeDays: days },
        }),
      });
      expect(result.statusCode).toBe(422);
      expect(jsonOf(result).errors).toEqual([
        expect.objectContaining({ pointer: '/policy/credentialMaxAgeDays' }),
      ]);
    }
  });
});
