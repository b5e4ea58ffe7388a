/**
 * Messages and helpers shared by the core tests: the docs/contract.md §10 card, a notice, a fixed
 * clock, and encoders that turn a value into the `RawBody` the pipeline reads.
 */

import section10Card from '../../events/incidentCard/section-10-complete-card.json' with {
  type: 'json',
};
import type { IncidentCard, NccNotice } from '../../functions/core/model/messages.js';
import type { Clock } from '../../functions/core/time.js';
import { type RawBody, readBody } from '../../functions/core/wire/read-body.js';
import { renderXml } from '../../functions/core/wire/render-xml.js';

/** The gateway's "now" in core tests: a day after the docs/contract.md §10 incident. */
export const NOW = new Date('2026-11-21T06:00:00Z');
export const fixedClock: Clock = () => new Date(NOW.getTime());

/** A clock fixed at the given instant. */
export function clockAt(iso: string): Clock {
  const at = Date.parse(iso);
  return () => new Date(at);
}

/** The complete card of docs/contract.md §10 (events/incidentCard/section-10-complete-card.json), a fresh copy each call (the pipeline normalises in place). */
export function exampleCard(): IncidentCard {
  return structuredClone(section10Card) as IncidentCard;
}

/** A notification: only the fields the 15-minute notice requires. */
export function exampleNotification(): Record<string, unknown> {
  return {
    socReference: 'SOC-ALPHA-2026-0043',
    severity: 4,
    type: 'dos_ddos',
    details: { confirmedAt: '2026-11-21T10:55:00+05:00' },
    affectedObject: { name: 'Портал', kind: 'egov_object' },
    description: 'Порталға DDoS шабуылы.',
  };
}

/** An NCC notice addressed to a party and two sectors. */
export function exampleNotice(): NccNotice {
  return {
    kind: 'threat',
    registeredAt: '2026-11-20',
    detectedAt: '2026-11-20T09:30:00+05:00',
    sourceIp: '198.51.100.23',
    targetIp: '2001:db8::10',
    eventName: 'Brute force',
    triggerCount: 42,
    description: 'Құпиясөзді іріктеу әрекеттері анықталды.',
    iocs: [{ type: 'domain', value: 'evil.example.kz' }],
    tlp: 'amber',
    recipients: { parties: ['soc-alpha'], sectors: ['electricity', 'banking'] },
  };
}

const encoder = new TextEncoder();

/** A JSON body as the pipeline receives it. */
export function jsonBody(value: unknown): RawBody {
  return readBody(encoder.encode(JSON.stringify(value)), 'application/json');
}

/** An XML body as the pipeline receives it. */
export function xmlText(text: string): RawBody {
  return readBody(encoder.encode(text), 'application/xml');
}

/** The XML twin of a canonical value. */
export function xmlBody(root: string, value: unknown): RawBody {
  return xmlText(renderXml(root, value));
}

/** A deep copy, so a test can mutate a fixture freely. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}
