/**
 * Owners hear only of their own objects (issue #12 item 1): the owner comes from the
 * SOC's registered `objects`, never from the card, and every "no owner notified"
 * case reads the same, so receipts cannot tell registered party ids from unknown ones.
 */
import { describe, expect, it } from 'vitest';
import type { IncidentNotification } from '../../../../functions/core/model/messages.js';
import type { PartyRecord } from '../../../../functions/core/ports/records.js';
import {
  incidentDeliveryDrafts,
  objectKindOf,
  resolveOwner,
} from '../../../../functions/core/use-cases/incidents/incident-view.js';
import { exampleCard } from '../../fixtures.js';

function party(id: string, role: PartyRecord['role'], extra: Partial<PartyRecord> = {}) {
  return {
    id,
    clientId: id,
    role,
    name: id,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...extra,
  } satisfies PartyRecord;
}

const soc = party('soc-alpha', 'soc', {
  objects: [
    { id: 'obj-billing', name: 'Billing', kind: 'critical_ict_object', owner: 'owner-energo' },
    { id: 'obj-orphan', name: 'Orphan', kind: 'other', owner: 'owner-gone' },
  ],
});
const parties = [
  soc,
  party('ncc-duty', 'ncc'),
  party('owner-energo', 'owner'),
  party('owner-bank', 'owner'),
  party('soc-beta', 'soc'),
];

function cardFor(affectedObject: IncidentNotification['affectedObject']): IncidentNotification {
  return { ...exampleCard(), affectedObject } as IncidentNotification;
}

describe('resolveOwner', () => {
  it('delivers to the owner registered for the object, whatever owner the card names', () => {
    const card = cardFor({ id: 'obj-billing', kind: 'critical_ict_object', owner: 'owner-bank' });

    expect(resolveOwner(card, soc, parties)).toEqual({ ownerId: 'owner-energo', warnings: [] });
  });

  it('never delivers to an owner named only in the card', () => {
    const card = cardFor({ id: 'obj-unknown', kind: 'critical_ict_object', owner: 'owner-bank' });

    const resolved = resolveOwner(card, soc, parties);

    expect(resolved.ownerId).toBeUndefined();
    const drafts = incidentDeliveryDrafts(
      { id: 'inc_1', socId: 'soc-alpha' } as never,
      parties,
      'incident.notified',
      undefined,
    );
    expect(drafts.map((d) => d.partyId)).toEqual(['ncc-duty']);
  });

  it('gives one uniform warning for a registered owner, an unknown id and a non-owner party', () => {
    const named = ['owner-bank', 'no-such-party', 'soc-beta'].map((owner) =>
      resolveOwner(cardFor({ id: 'obj-x', kind: 'other', owner }), soc, parties),
    );
    const unreachableRegistered = resolveOwner(
      cardFor({ id: 'obj-orphan', kind: 'other' }),
      soc,
      parties,
    );

    const all = [...named, unreachableRegistered];
    expect(all.every((r) => r.ownerId === undefined)).toBe(true);
    expect(new Set(all.map((r) => JSON.stringify(r.warnings))).size).toBe(1);
    expect(all[0]?.warnings).toEqual([expect.objectContaining({ code: 'owner_not_registered' })]);
    for (const r of all) expect(JSON.stringify(r.warnings)).not.toMatch(/owner-|no-such|soc-beta/);
  });

  it('warns of nothing when the card names no owner and the object has none registered', () => {
    expect(resolveOwner(cardFor({ name: 'Portal', kind: 'egov_object' }), soc, parties)).toEqual({
      warnings: [],
    });
  });
});

describe('objectKindOf (issue #11 item 6: the object kind in the registry decides elimination)', () => {
  it('takes the registered kind over the kind the card states, either way', () => {
    // obj-billing is registered as critical_ict_object: a card calling it egov opens no
    // elimination clock (001 п.22); one registered as egov_object does whatever the card says.
    const egovSoc = party('soc-gamma', 'soc', {
      objects: [{ id: 'obj-portal', name: 'Portal', kind: 'egov_object', owner: 'owner-energo' }],
    });

    expect(objectKindOf(cardFor({ id: 'obj-billing', kind: 'egov_object' }), soc)).toBe(
      'critical_ict_object',
    );
    expect(objectKindOf(cardFor({ id: 'obj-portal', kind: 'other' }), egovSoc)).toBe('egov_object');
  });

  it("falls back to the card's kind for an object the reporter has not registered", () => {
    expect(objectKindOf(cardFor({ id: 'obj-unknown', kind: 'egov_object' }), soc)).toBe(
      'egov_object',
    );
    expect(objectKindOf(cardFor({ name: 'Portal', kind: 'critical_ict_object' }), soc)).toBe(
      'critical_ict_object',
    );
  });
});
