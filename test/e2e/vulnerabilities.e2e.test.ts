/**
 * Vulnerabilities end to end on the emulators (issue #11 item 7, 001 п.13, Annex 6): an
 * owner's SOC reports a scan's vulnerability in XML over real HTTP, the owner and the NCC
 * receive it, the 20-day clock is missed and escalated by the sweep, and the measures sent
 * afterwards satisfy it late; the owner and the NCC read it, another owner cannot; the
 * owner of the critical ICT object reports the correction itself (001 п.23).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderXml } from '../../functions/core/wire/render-xml.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { client } from '../support/http.js';
import { agoWithOffset, billingObject, partyBody, uniqueReference } from '../support/messages.js';

type Receipt = { id: string; obligations: { kind: string; state: string; dueAt: string }[] };
type Page = { items: { event: string; payload: Record<string, unknown> }[] };

/** The subject of an inbox entry: the vulnerability of a report, the subject of an escalation. */
const subjectOf = (item: Page['items'][number]) =>
  (item.payload.vulnerability as { id?: string } | undefined)?.id ?? item.payload.subjectId;

const DAY = 86_400_000;
let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway();
  await gateway.registerParty('ncc-duty', partyBody('ncc'));
  await gateway.registerParty('owner-energo', partyBody('owner'));
  await gateway.registerParty('owner-other', partyBody('owner'));
  await gateway.registerParty('soc-a', partyBody('soc', { objects: [billingObject()] }));
});

afterAll(async () => {
  await gateway?.stop();
});

describe('a vulnerability found by a scan (001 п.13)', () => {
  it('is reported in XML, reaches the owner and the NCC, is missed after 20 days and escalated, then satisfied with the miss on record', async () => {
    const soc = client(gateway.url, await gateway.token('soc-a', 'soc'));
    const ncc = client(gateway.url, await gateway.token('ncc-duty', 'ncc'));
    const owner = client(gateway.url, await gateway.token('owner-energo', 'owner'));
    const form = {
      reference: uniqueReference('VULN'),
      detectedAt: agoWithOffset(2 * 3_600_000),
      contour: 'external',
      objectName: 'Billing server',
      object: { id: 'obj-billing', kind: 'critical_ict_object', owner: 'owner-energo' },
      component: 'billing.energo-example.kz, 203.0.113.7',
      port: 443,
      description: 'CVE-2021-23017: nginx resolver off-by-one',
      scanResultsAt: agoWithOffset(3_600_000),
    };

    const reported = await soc.post('/v1/vulnerabilities', renderXml('vulnerability', form), {
      accept: 'application/json',
    });
    expect(reported.status, reported.text).toBe(201);
    const receipt = reported.json<Receipt>();
    expect(receipt.obligations.map((o) => [o.kind, o.state])).toEqual([
      ['vulnerability_measures', 'open'],
      // 001 п.23: a critical ICT object's owner corrects it within 30 calendar days.
      ['vulnerability_correction', 'open'],
    ]);
    const measuresOf = <T extends { kind: string }>(obligations: T[]) =>
      obligations.find((o) => o.kind === 'vulnerability_measures');

    for (const reader of [owner, ncc]) {
      const inbox = (await reader.get('/v1/deliveries')).json<Page>();
      expect(inbox.items.map((i) => [i.event, subjectOf(i)])).toContainEqual([
        'vulnerability.reported',
        receipt.id,
      ]);
      expect((await reader.get(`/v1/vulnerabilities/${receipt.id}`)).status).toBe(200);
    }
    const other = client(gateway.url, await gateway.token('owner-other', 'owner'));
    expect((await other.get(`/v1/vulnerabilities/${receipt.id}`)).status).toBe(404);
    const listed = (await ncc.get('/v1/vulnerabilities?soc=soc-a')).json<{
      items: { id: string }[];
    }>();
    expect(listed.items.map((i) => i.id)).toContain(receipt.id);

    // 21 days on, the sweep finds the 20 calendar days over and escalates the miss.
    const dueMs = Date.parse(measuresOf(receipt.obligations)?.dueAt ?? '');
    expect(dueMs - Date.now()).toBeGreaterThan(19 * DAY);
    await gateway.sweepAt(dueMs + 1_000);
    const escalated = (await ncc.get('/v1/deliveries')).json<Page>();
    expect(escalated.items.map((i) => [i.event, subjectOf(i)])).toContainEqual([
      'obligation.missed',
      receipt.id,
    ]);
    const missed = await ncc.get(`/v1/vulnerabilities/${receipt.id}`);
    expect(missed.json<{ obligations: { kind: string; state: string }[] }>().obligations).toEqual([
      expect.objectContaining({ kind: 'vulnerability_correction', state: 'open' }),
      expect.objectContaining({ kind: 'vulnerability_measures', state: 'missed' }),
    ]);

    // The measures, in JSON this time, are a revision; the clock has no time left, so
    // (the real clock being before the due instant) it is satisfied on time here and the
    // recorded miss stays on the obligation.
    const revised = await soc.put(`/v1/vulnerabilities/${receipt.id}`, {
      ...form,
      measuresTaken: 'nginx upgraded to 1.26.2; resolver disabled.',
    });
    expect(revised.status, revised.text).toBe(200);
    const after = (await ncc.get(`/v1/vulnerabilities/${receipt.id}`)).json<{
      version: number;
      obligations: { kind: string; state: string; missedAt?: string }[];
    }>();
    expect(after.version).toBe(2);
    expect(measuresOf(after.obligations)?.missedAt).toBeDefined();
    expect(['satisfied', 'satisfied_late']).toContain(measuresOf(after.obligations)?.state);

    // 001 п.23: the owner reports the correction itself (a revision of its SOC's report);
    // its clock is satisfied and the SOC hears of it.
    const corrected = await owner.put(`/v1/vulnerabilities/${receipt.id}`, {
      ...form,
      measuresTaken: 'nginx upgraded to 1.26.2; resolver disabled.',
      eliminatedAt: agoWithOffset(60_000),
    });
    expect(corrected.status, corrected.text).toBe(200);
    expect(
      corrected.json<Receipt>().obligations.find((o) => o.kind === 'vulnerability_correction')
        ?.state,
    ).toBe('satisfied');
    const socInbox = (await soc.get('/v1/deliveries')).json<Page>();
    expect(socInbox.items.map((i) => [i.event, subjectOf(i)])).toContainEqual([
      'vulnerability.updated',
      receipt.id,
    ]);
    // Each version names its sender: the SOC's two, then the owner's (stored on DynamoDB).
    const updated = socInbox.items.find((i) => i.event === 'vulnerability.updated');
    expect(updated?.payload.vulnerability).toMatchObject({
      reporterId: 'soc-a',
      version: 3,
      sentBy: 'owner-energo',
    });
    const versions = (await ncc.get(`/v1/vulnerabilities/${receipt.id}`)).json<{
      versions: { version: number; sentBy: string }[];
    }>().versions;
    expect(versions.map((v) => [v.version, v.sentBy])).toEqual([
      [1, 'soc-a'],
      [2, 'soc-a'],
      [3, 'owner-energo'],
    ]);
  });

  it('refuses the NCC as a reporter (403) and answers a bad form 422 with pointers', async () => {
    const ncc = client(gateway.url, await gateway.token('ncc-duty', 'ncc'));
    const owner = client(gateway.url, await gateway.token('owner-energo', 'owner'));
    const body = {
      reference: uniqueReference('VULN'),
      detectedAt: agoWithOffset(60_000),
      contour: 'external',
      objectName: 'X',
      component: 'x',
      description: 'y',
    };
    expect((await ncc.post('/v1/vulnerabilities', body)).status).toBe(403);
    const bad = await owner.post('/v1/vulnerabilities', { ...body, port: 70_000, contour: 'moon' });
    expect(bad.status).toBe(422);
    expect(
      bad
        .json<{ errors: { pointer: string }[] }>()
        .errors.map((e) => e.pointer)
        .sort(),
    ).toEqual(['/contour', '/port']);
  });
});
