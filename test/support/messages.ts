/**
 * Message builders for end-to-end tests: the SPEC §10 card with its clock start
 * moved to a chosen instant in the past (real time, per the team's testing rules).
 */
import { randomUUID } from 'node:crypto';
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

/** A complete Annex 3 card (SPEC §10) confirmed `confirmedAgoMs` ago. */
export function completeCard(options: CardOptions = {}) {
  const confirmedAgoMs = options.confirmedAgoMs ?? 60_000;
  return {
    socReference: options.socReference ?? uniqueReference(),
    registeredAt: agoWithOffset(confirmedAgoMs).slice(0, 10),
    severity: options.severity ?? 3,
    type: 'ransomware',
    scale: 'individual',
    details: {
      occurredAt: agoWithOffset(confirmedAgoMs + 15 * 60_000),
      confirmedAt: agoWithOffset(confirmedAgoMs),
      recurrence: 'new',
      iocs: [
        {
          type: 'sha256',
          value: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
        },
        { type: 'ipv4', value: '203.0.113.7' },
      ],
    },
    sign: 'actual',
    perimeter: 'internal',
    description: 'Файлдар шифрланды, бухгалтерия серверінде төлем талабы табылды.',
    consequences: ['availability', 'integrity'],
    affectedObject: {
      id: options.objectId ?? 'obj-billing',
      name: 'Billing server',
      kind: 'critical_ict_object',
      owner: options.owner ?? 'owner-energo',
    },
    actionsTaken: 'Сервер желіден ажыратылды, сақтық көшірмеден қалпына келтіру басталды.',
    note: '',
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

/** A party registration body. */
export function partyBody(role: string, overrides: Record<string, unknown> = {}) {
  return { role, name: `${role} party`, ...overrides };
}
