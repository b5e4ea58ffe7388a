/**
 * 001 п.13, Annexes 5–6 through the API (issue #11 item 7): an owner or its SOC reports a
 * vulnerability in JSON or XML, the clocks open as the clause says, the NCC (and the owner
 * a SOC reports for) hear of it, and the reads show it to the reporter, the owner and the
 * NCC only. In-process on the in-memory store; the clock is the harness's.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PartyRecord } from '../../../functions/core/ports/records.js';
import { sweep } from '../../../functions/core/use-cases/deliveries/sweep.js';
import { HOSTILE_ATTACKS } from '../../support/hostile-bodies.js';
import { billingObject } from '../../support/messages.js';
import { headerOf, jsonOf, type RouteHarness, routeHarness } from '../../support/route-harness.js';

/** 12:00 in Astana on 21 November 2026. */
const NOW = '2026-11-21T07:00:00.000Z';
const JSON_TYPE = { 'content-type': 'application/json', accept: 'application/json' };
const EVENTS = join(import.meta.dirname, '../../../events/vulnerability');
const sample = (file: string) => readFileSync(join(EVENTS, file), 'utf8');

let h: RouteHarness;

const selfDetected = (overrides: Record<string, unknown> = {}) => ({
  ...(JSON.parse(sample('self-detected.json')) as Record<string, unknown>),
  ...overrides,
});

const post = (as: string, body: unknown, headers: Record<string, string> = {}) =>
  h.call({
    method: 'POST',
    url: '/v1/vulnerabilities',
    as,
    headers: { ...JSON_TYPE, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const clocksOf = (receipt: Record<string, unknown>) =>
  (receipt.obligations as Array<{ kind: string; state: string; dueAt: string }>).map((o) => ({
    kind: o.kind,
    state: o.state,
    dueAt: o.dueAt,
  }));

beforeEach(async () => {
  h = routeHarness(NOW);
  await h.register('ncc-duty', 'ncc');
  await h.register('owner-energo', 'owner');
  await h.register('owner-other', 'owner');
  await h.register('soc-a', 'soc', {
    objects: [billingObject('owner-energo')] as PartyRecord['objects'],
  });
  await h.register('soc-b', 'soc');
  await h.register('authority', 'authority');
});

describe('POST /v1/vulnerabilities', () => {
  it("accepts an owner's self-detected report in JSON: 201, the 24-hour clock satisfied, the NCC notified", async () => {
    const result = await post('owner-energo', selfDetected());
    expect(result.statusCode, result.body).toBe(201);
    const receipt = jsonOf(result);
    expect(String(receipt.id)).toMatch(/^vul_/);
    expect(headerOf(result, 'location')).toBe(`/v1/vulnerabilities/${receipt.id}`);
    // detectedAt 2026-11-20T14:20+05:00 = 09:20Z; due 24 h later, reported at 07:00Z next day.
    expect(clocksOf(receipt)).toEqual([
      { kind: 'vulnerability_report', state: 'satisfied', dueAt: '2026-11-21T09:20:00Z' },
    ]);
    const ncc = await h.adapters.deliveries.listDeliveries('ncc-duty', { limit: 10 });
    expect(ncc.items.map((d) => [d.event, d.subjectId])).toEqual([
      ['vulnerability.reported', receipt.id],
    ]);
    // The owner reported it itself: nobody tells it again.
    const owner = await h.adapters.deliveries.listDeliveries('owner-energo', { limit: 10 });
    expect(owner.items).toEqual([]);
  });

  it('accepts the same report in XML, and a SOC reporting for a registered object reaches its owner', async () => {
    const result = await h.call({
      method: 'POST',
      url: '/v1/vulnerabilities',
      as: 'soc-a',
      headers: { 'content-type': 'application/xml', accept: 'application/xml' },
      body: sample('self-detected.xml'),
    });
    expect(result.statusCode, result.body).toBe(201);
    expect(result.body).toContain('<receipt');
    expect(result.body).toContain('<kind>vulnerability_report</kind>');
    const owner = await h.adapters.deliveries.listDeliveries('owner-energo', { limit: 10 });
    expect(owner.items.map((d) => d.event)).toEqual(['vulnerability.reported']);
    expect(owner.items[0]?.payload).toMatchObject({
      vulnerability: { reporterId: 'soc-a', reference: 'VULN-2026-0042', status: 'reported' },
    });
  });

  it('warns a SOC naming an owner the gateway cannot reach', async () => {
    const result = await post('soc-b', selfDetected());
    expect(result.statusCode, result.body).toBe(201);
    expect(jsonOf(result).warnings).toEqual([
      expect.objectContaining({ pointer: '/object', code: 'owner_not_registered' }),
    ]);
  });

  it('refuses a party that is neither owner nor SOC with 403 wrong_role, writing nothing', async () => {
    for (const as of ['ncc-duty', 'authority']) {
      const result = await post(as, selfDetected());
      expect(result.statusCode).toBe(403);
      expect(jsonOf(result).code).toBe('wrong_role');
    }
    expect(h.adapters.db.values('vulnerabilities')).toEqual([]);
  });

  it('refuses a bad form with 422 and a pointer per problem (the events/ sample)', async () => {
    const result = await post('owner-energo', sample('missing-fields-and-bad-port.json'));
    expect(result.statusCode).toBe(422);
    const expected = JSON.parse(sample('missing-fields-and-bad-port.expected.json')) as {
      errors: Array<{ pointer: string; code: string }>;
    };
    const errors = jsonOf(result).errors as Array<{ pointer: string; code: string }>;
    const byPointer = (a: { pointer: string }, b: { pointer: string }) =>
      a.pointer.localeCompare(b.pointer);
    expect(errors.map((e) => ({ pointer: e.pointer, code: e.code })).sort(byPointer)).toEqual(
      [...expected.errors].sort(byPointer),
    );
  });

  it('refuses an Annex 6 date beyond six months, XML senders getting the element path', async () => {
    const result = await h.call({
      method: 'POST',
      url: '/v1/vulnerabilities',
      as: 'owner-energo',
      headers: { 'content-type': 'application/xml', accept: 'application/json' },
      body: sample('production-need-without-date.xml'),
    });
    expect(result.statusCode).toBe(422);
    expect(jsonOf(result).errors).toEqual([
      expect.objectContaining({
        pointer: '/notEliminated/eliminateBy',
        code: 'required',
        element: '/vulnerability/notEliminated/eliminateBy',
      }),
    ]);
  });

  it.each(HOSTILE_ATTACKS.map((a) => [a.name, a] as const))(
    'refuses hostile XML as the card route does: %s',
    async (_name, attack) => {
      const result = await h.call({
        method: 'POST',
        url: '/v1/vulnerabilities',
        as: 'owner-energo',
        headers: {
          'content-type': attack.contentType ?? 'application/xml',
          accept: 'application/json',
        },
        body: Buffer.from(attack.bytes).toString('utf8'),
      });
      expect(result.statusCode).toBe(attack.status);
      expect(jsonOf(result).code).toBe(attack.code);
    },
  );

  it('answers a retry with the first receipt, and the same reference with other content 409 naming the pointer', async () => {
    const first = jsonOf(await post('owner-energo', selfDetected()));
    const again = await post('owner-energo', selfDetected({ contour: 'external' }));
    expect(again.statusCode).toBe(201);
    expect(headerOf(again, 'idempotent-replay')).toBe('true');
    expect(jsonOf(again).id).toBe(first.id);

    const other = await post('owner-energo', selfDetected({ port: 8443 }));
    expect(other.statusCode).toBe(409);
    expect(jsonOf(other)).toMatchObject({
      code: 'reference_taken',
      errors: [{ pointer: '/port', code: 'differs_from_original' }],
    });
    // Another reporter's same reference is its own vulnerability.
    expect((await post('soc-a', selfDetected())).statusCode).toBe(201);
  });

  it('honours Idempotency-Key: the same key and content replays, other content is 409', async () => {
    const key = { 'idempotency-key': 'vuln-key-1' };
    const first = jsonOf(await post('owner-energo', selfDetected(), key));
    const replay = await post('owner-energo', selfDetected(), key);
    expect(jsonOf(replay).id).toBe(first.id);
    const reused = await post('owner-energo', selfDetected({ reference: 'VULN-OTHER' }), key);
    expect(reused.statusCode).toBe(409);
    expect(jsonOf(reused).code).toBe('idempotency_key_reused');
  });
});

describe('001 п.23: the owner of a critical ICT object corrects what its SOC reported within 30 days', () => {
  const put = (as: string, id: string, body: unknown) =>
    h.call({
      method: 'PUT',
      url: `/v1/vulnerabilities/${id}`,
      as,
      headers: JSON_TYPE,
      body: JSON.stringify(body),
    });

  it("opens the owner's clock with the SOC's report, and the owner's PUT stating eliminatedAt satisfies it; the SOC hears", async () => {
    const created = await post('soc-a', selfDetected());
    expect(created.statusCode, created.body).toBe(201);
    const receipt = jsonOf(created);
    const id = String(receipt.id);
    // Received 21 Nov 12:00 in Astana: due as 21 Dec ends there (19:00Z).
    expect(clocksOf(receipt)).toContainEqual({
      kind: 'vulnerability_correction',
      state: 'open',
      dueAt: '2026-12-21T19:00:00Z',
    });

    h.setNow('2026-12-01T05:00:00.000Z');
    const fixed = await put(
      'owner-energo',
      id,
      selfDetected({ eliminatedAt: '2026-11-30T18:00:00+05:00', measuresTaken: 'nginx 1.26.2.' }),
    );
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(clocksOf(jsonOf(fixed))).toContainEqual({
      kind: 'vulnerability_correction',
      state: 'satisfied',
      dueAt: '2026-12-21T19:00:00Z',
    });
    const detail = jsonOf(
      await h.call({ method: 'GET', url: `/v1/vulnerabilities/${id}`, as: 'soc-a' }),
    );
    expect(detail).toMatchObject({ status: 'eliminated', reporterId: 'soc-a', version: 2 });
    // Each version names the party that sent it: the SOC its report, the owner its correction.
    expect(
      (detail.versions as Array<{ version: number; sentBy: string }>).map((v) => [
        v.version,
        v.sentBy,
      ]),
    ).toEqual([
      [1, 'soc-a'],
      [2, 'owner-energo'],
    ]);
    // The reporting SOC and the NCC hear of the owner's version; the owner is not told of its own.
    const soc = await h.adapters.deliveries.listDeliveries('soc-a', { limit: 10 });
    expect(soc.items.map((d) => d.event)).toEqual(['vulnerability.updated']);
    const ncc = await h.adapters.deliveries.listDeliveries('ncc-duty', { limit: 10 });
    for (const d of [...soc.items, ...ncc.items.filter((n) => n.event === 'vulnerability.updated')])
      expect((d.payload as Record<string, unknown>).vulnerability).toMatchObject({
        reporterId: 'soc-a',
        version: 2,
        sentBy: 'owner-energo',
      });
    const reported = ncc.items.find((n) => n.event === 'vulnerability.reported');
    expect((reported?.payload as Record<string, unknown> | undefined)?.vulnerability).toMatchObject(
      {
        version: 1,
        sentBy: 'soc-a',
      },
    );
    // XML readers see the same: one <sentBy> per version.
    const xml = await h.call({
      method: 'GET',
      url: `/v1/vulnerabilities/${id}`,
      as: 'ncc-duty',
      headers: { accept: 'application/xml' },
    });
    expect(xml.statusCode).toBe(200);
    expect([...(xml.body ?? '').matchAll(/<sentBy>([^<]*)<\/sentBy>/g)].map((m) => m[1])).toEqual([
      'soc-a',
      'owner-energo',
    ]);
    const owner = await h.adapters.deliveries.listDeliveries('owner-energo', { limit: 10 });
    expect(owner.items.map((d) => d.event)).toEqual(['vulnerability.reported']);
  });

  it('is missed by the sweep after the 30th day and escalated to the NCC and the owner', async () => {
    await post('soc-a', selfDetected());
    h.setNow('2026-12-21T19:00:01.000Z');
    const stats = await sweep({ ...h.deps, outboxGraceSeconds: 0 });
    expect(stats.missed).toBe(1);
    for (const party of ['ncc-duty', 'owner-energo']) {
      const items = (await h.adapters.deliveries.listDeliveries(party, { limit: 10 })).items;
      expect(
        items.filter((d) => d.event === 'obligation.missed').map((d) => d.payload),
        party,
      ).toEqual([
        expect.objectContaining({
          obligation: expect.objectContaining({
            kind: 'vulnerability_correction',
            owedBy: 'owner-energo',
          }),
        }),
      ]);
    }
  });

  it('opens nothing for an owner reporting its own, or for an object that is not a critical ICT object', async () => {
    const own = jsonOf(await post('owner-energo', selfDetected()));
    expect(clocksOf(own).map((c) => c.kind)).toEqual(['vulnerability_report']);
    await h.register('soc-c', 'soc', {
      objects: [
        { id: 'obj-portal', name: 'Portal', kind: 'egov_object', owner: 'owner-energo' },
      ] as PartyRecord['objects'],
    });
    const egov = jsonOf(
      await post(
        'soc-c',
        selfDetected({ object: { id: 'obj-portal', kind: 'critical_ict_object' } }),
      ),
    );
    // The registry's kind decides, not the form's.
    expect(clocksOf(egov).map((c) => c.kind)).toEqual(['vulnerability_report']);
  });

  it("keeps the SOC's findings: an owner's version changing them is 422 at their pointers", async () => {
    const id = String(jsonOf(await post('soc-a', selfDetected())).id);
    const rewritten = await put(
      'owner-energo',
      id,
      selfDetected({
        eliminatedAt: '2026-11-21T11:00:00+05:00',
        description: 'Nothing to see here.',
        port: 1,
      }),
    );
    expect(rewritten.statusCode, rewritten.body).toBe(422);
    const pointers = (jsonOf(rewritten).errors as Array<{ pointer: string; code: string }>).map(
      (i) => `${i.pointer} ${i.code}`,
    );
    expect(pointers.sort()).toEqual(['/description reporter_field', '/port reporter_field']);
    const detail = jsonOf(
      await h.call({ method: 'GET', url: `/v1/vulnerabilities/${id}`, as: 'soc-a' }),
    );
    expect(detail).toMatchObject({ version: 1 });
  });

  it('reads a version stored before senders were kept as sent by the reporter', async () => {
    const id = String(jsonOf(await post('soc-a', selfDetected())).id);
    // A version as stored before `sentBy` existed.
    const stored = h.adapters.db.get<Record<string, unknown>>(
      'vulnerabilityVersions',
      `${id}#000000001`,
    );
    expect(stored?.sentBy).toBe('soc-a');
    delete stored?.sentBy;
    const detail = jsonOf(
      await h.call({ method: 'GET', url: `/v1/vulnerabilities/${id}`, as: 'owner-energo' }),
    );
    expect(detail.versions).toEqual([expect.objectContaining({ version: 1, sentBy: 'soc-a' })]);
  });

  it('lets no other owner or SOC revise it (404)', async () => {
    const id = String(jsonOf(await post('soc-a', selfDetected())).id);
    for (const as of ['owner-other', 'soc-b']) {
      const refused = await put(
        as,
        id,
        selfDetected({ eliminatedAt: '2026-11-21T11:00:00+05:00' }),
      );
      expect(refused.statusCode, as).toBe(404);
    }
  });
});

describe('GET /v1/vulnerabilities and /v1/vulnerabilities/{id}', () => {
  it('shows a report to its reporter, the owner it was reported for and the NCC; 404 to anyone else', async () => {
    const id = String(jsonOf(await post('soc-a', selfDetected())).id);
    for (const as of ['soc-a', 'owner-energo', 'ncc-duty']) {
      const result = await h.call({ method: 'GET', url: `/v1/vulnerabilities/${id}`, as });
      expect(result.statusCode, as).toBe(200);
      expect(jsonOf(result)).toMatchObject({
        id,
        reporterId: 'soc-a',
        ownerId: 'owner-energo',
        status: 'reported',
        versions: [{ version: 1, format: 'json' }],
        // Stored in id order; 001 п.23: the report about a critical ICT object reached its owner.
        obligations: [
          { kind: 'vulnerability_correction', state: 'open' },
          { kind: 'vulnerability_report', state: 'satisfied' },
        ],
      });
    }
    for (const as of ['soc-b', 'owner-other']) {
      const result = await h.call({ method: 'GET', url: `/v1/vulnerabilities/${id}`, as });
      expect(result.statusCode, as).toBe(404);
    }
    const bogus = await h.call({ method: 'GET', url: '/v1/vulnerabilities/inc_x', as: 'ncc-duty' });
    expect(bogus.statusCode).toBe(404);
  });

  it('lists with the one query scheme: own for a reporter, all or one party for the NCC, unknown parameter 400', async () => {
    await post('soc-a', selfDetected());
    await post('owner-energo', JSON.parse(sample('not-eliminated-production-need.json')));
    const list = (url: string, as: string) => h.call({ method: 'GET', url, as });
    const ids = (r: Awaited<ReturnType<typeof list>>) =>
      (jsonOf(r).items as Array<{ reporterId: string; status: string }>).map(
        (i) => `${i.reporterId}:${i.status}`,
      );
    expect(ids(await list('/v1/vulnerabilities', 'soc-a'))).toEqual(['soc-a:reported']);
    expect(ids(await list('/v1/vulnerabilities', 'ncc-duty'))).toEqual([
      'owner-energo:not_eliminated',
      'soc-a:reported',
    ]);
    expect(ids(await list('/v1/vulnerabilities?state=not_eliminated', 'ncc-duty'))).toEqual([
      'owner-energo:not_eliminated',
    ]);
    expect(ids(await list('/v1/vulnerabilities?soc=soc-a', 'ncc-duty'))).toEqual([
      'soc-a:reported',
    ]);
    expect(ids(await list('/v1/vulnerabilities?from=2026-11-22T00:00:00Z', 'ncc-duty'))).toEqual(
      [],
    );
    const foreign = await list('/v1/vulnerabilities?soc=soc-b', 'soc-a');
    expect(foreign.statusCode).toBe(403);
    const unknown = await list('/v1/vulnerabilities?status=reported', 'ncc-duty');
    expect(unknown.statusCode).toBe(400);
    expect(jsonOf(unknown)).toMatchObject({
      code: 'unknown_parameter',
      errors: [{ pointer: '/query/status' }],
    });
    const inverted = await list(
      '/v1/vulnerabilities?from=2026-11-22T00:00:00Z&to=2026-11-21T00:00:00Z',
      'ncc-duty',
    );
    expect(inverted.statusCode).toBe(422);
    const authority = await list('/v1/vulnerabilities', 'authority');
    expect(authority.statusCode).toBe(403);
  });
});

describe('vulnerability messages under the connection rules (п.90-1)', () => {
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  it('appends message.received to the reporter’s chain for a report and for its revision', async () => {
    const report = JSON.stringify(selfDetected());
    const created = await post('owner-energo', report);
    expect(created.statusCode, created.body).toBe(201);
    const id = String(jsonOf(created).id);
    const revision = JSON.stringify(
      selfDetected({ measuresTaken: 'nginx upgraded to 1.26.2; resolver disabled.' }),
    );
    const revised = await h.call({
      method: 'PUT',
      url: `/v1/vulnerabilities/${id}`,
      as: 'owner-energo',
      headers: JSON_TYPE,
      body: revision,
    });
    expect(revised.statusCode, revised.body).toBe(200);
    // A replay of the report appends nothing.
    expect((await post('owner-energo', report)).statusCode).toBe(201);

    const chain = await h.adapters.audit.entries('owner-energo', 1, 10);
    expect(chain.map((e) => [e.seq, e.action, e.source, e.subjectId, e.sha256])).toEqual([
      [1, 'message.received', 'post-vulnerability', id, sha256(report)],
      [2, 'message.received', 'put-vulnerability', id, sha256(revision)],
    ]);
  });

  it('refuses a report from a party whose policy.allowedKinds lacks vulnerability (403, nothing written)', async () => {
    await h.register('owner-narrow', 'owner', { policy: { allowedKinds: ['incident', 'card'] } });

    const refused = await post('owner-narrow', selfDetected());

    expect(refused.statusCode).toBe(403);
    expect(jsonOf(refused)).toMatchObject({ code: 'kind_not_allowed' });
    const ncc = await h.adapters.deliveries.listDeliveries('ncc-duty', { limit: 10 });
    expect(ncc.items).toEqual([]);
    expect(await h.adapters.audit.head('owner-narrow')).toBeUndefined();
  });
});
