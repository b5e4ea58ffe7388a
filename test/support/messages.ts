/**
 * Message builders for end-to-end tests: the docs/contract.md §10 card with its clock start
 * moved to a chosen instant in the past (real time, per the team's testing rules).
 */
import { randomUUID } from 'node:crypto';
import section10Card from '../../events/incidentCard/section-10-complete-card.json' with {
  type: 'json',
};
import { renderXml } from '../../functions/core/wire/render-xml.js';

/** An RFC 3339 timestamp `ms` milliseconds before now, in the national zone (+05:00). */
export function agoWithOffset(ms: number): string {
  const local = new Date(Date.now() - ms + 5 * 3_600_000).toISOString().slice(0, 19);
  const millis = String((Date.now() - ms) % 1000).padStart(3, '0');
  return `${local}.${millis}+05:00`;
}

export function uniqueReference(prefix = 'SOC-REF'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export interface CardOptions {
  socReference?: string;
  confirmedAgoMs?: number;
  severity?: 1 | 2 | 3 | 4;
  owner?: string;
  objectId?: string;
}

/** The docs/contract.md §10 card (events/incidentCard/section-10-complete-card.json) confirmed `confirmedAgoMs` ago. */
export function completeCard(options: CardOptions = {}) {
  const confirmedAgoMs = options.confirmedAgoMs ?? 60_000;
  const card = structuredClone(section10Card);
  return {
    ...card,
    socReference: options.socReference ?? uniqueReference(),
    registeredAt: agoWithOffset(confirmedAgoMs).slice(0, 10),
    severity: options.severity ?? 3,
    details: {
      ...card.details,
      occurredAt: agoWithOffset(confirmedAgoMs + 15 * 60_000),
      confirmedAt: agoWithOffset(confirmedAgoMs),
    },
    affectedObject: {
      ...card.affectedObject,
      id: options.objectId ?? card.affectedObject.id,
      owner: options.owner ?? card.affectedObject.owner,
    },
  };
}

/** The 15-minute notification: only the required fields. */
export function notification(options: CardOptions = {}) {
  const card = completeCard(options);
  return {
    socReference: card.socReference,
    severity: card.severity,
    type: card.type,
    details: { confirmedAt: card.details.confirmedAt },
    affectedObject: card.affectedObject,
    description: 'Шифрлаушы анықталды',
  };
}

export function asXml(root: string, value: unknown): string {
  return renderXml(root, value);
}

/**
 * The docs/contract.md §10 card's affected object as registered among a SOC's `objects`: the
 * gateway notifies only the owner registered there (issue #12 item 1).
 */
export function billingObject(owner = 'owner-energo') {
  return { id: 'obj-billing', name: 'Billing server', kind: 'critical_ict_object', owner };
}

/** A party registration body. */
export function partyBody(role: string, overrides: Record<string, unknown> = {}) {
  return { role, name: `${role} party`, ...overrides };
}

/**
 * The fields 001 Annex 7 lists without "if available", owed by an event or incident
 * notice: detection time, source IP, device name, event name, first/repeat, object.
 */
export function annex7Fields(detectedAgoMs = 5 * 60_000) {
  return {
    detectedAt: agoWithOffset(detectedAgoMs),
    sourceIp: '198.51.100.23',
    deviceName: 'FW-AST-CORE-01',
    eventName: 'Порттарды сканерлеу',
    recurrence: 'new',
    affectedObject: { name: 'Энергия диспетчерлік жүйесі', kind: 'critical_ict_object' },
  };
}
