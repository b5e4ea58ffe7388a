/** A known sequence of audited actions for one SOC, shared by the chain, digest and export tests. */
import {
  type AuditEntry,
  type AuditEvent,
  chainAuditEvents,
  sha256Hex,
} from '../../../functions/core/audit/audit-entry.js';

/** Six events on 20–21 November 2026 (national days 2026-11-20 and 2026-11-21). */
export const SAMPLE_EVENTS: readonly AuditEvent[] = [
  {
    partyId: 'soc-alpha',
    at: '2026-11-20T04:25:00.120Z',
    startedAt: '2026-11-20T04:24:59.980Z',
    connectionPoint: '203.0.113.10',
    userId: 'soc-alpha',
    source: 'post-incident',
    action: 'message.received',
    outcome: 'accepted',
    subjectId: 'inc_01JD0000000000000000000001',
    sha256: sha256Hex('{"kind":"incident_notification"}'),
    description: 'Incident notification received (json, 33 bytes)',
  },
  {
    partyId: 'soc-alpha',
    at: '2026-11-20T04:25:01Z',
    startedAt: '2026-11-20T04:25:01Z',
    connectionPoint: 'gateway',
    userId: 'gateway',
    source: 'deliver-webhooks',
    action: 'message.sent',
    outcome: 'delivered',
    subjectId: 'dlv_01JD0000000000000000000002',
    sha256: sha256Hex('{"event":"incident.notified"}'),
    description: 'Webhook incident.notified delivered; HTTP 204',
  },
  {
    partyId: 'soc-alpha',
    at: '2026-11-20T18:59:59Z',
    startedAt: '2026-11-20T18:59:58.500Z',
    connectionPoint: '203.0.113.10',
    userId: 'soc-alpha',
    source: 'put-incident-card',
    action: 'message.received',
    outcome: 'rejected',
    subjectId: 'inc_01JD0000000000000000000001',
    sha256: sha256Hex('<card/>'),
    description: 'Card rejected: "validation_failed"; 3 issues',
  },
  {
    partyId: 'soc-alpha',
    at: '2026-11-20T19:00:00Z',
    startedAt: '2026-11-20T19:00:00Z',
    connectionPoint: 'gateway',
    userId: 'admin',
    source: 'block-connection',
    action: 'connection.blocked',
    outcome: 'blocked',
    subjectId: 'soc-alpha',
    sha256: sha256Hex('{"reason":"auth_failures"}'),
    description: 'Connection blocked: auth_failures; 5 consecutive failures',
  },
  {
    partyId: 'soc-alpha',
    at: '2026-11-21T03:00:00Z',
    startedAt: '2026-11-21T03:00:00Z',
    connectionPoint: '198.51.100.7',
    userId: 'admin',
    source: 'unblock-connection',
    action: 'connection.unblocked',
    outcome: 'unblocked',
    subjectId: 'soc-alpha',
    sha256: sha256Hex('{"reason":"checked"}'),
    description: 'Қосылу бұғаттаудан шығарылды; operator note: " checked "',
  },
  {
    partyId: 'soc-alpha',
    at: '2026-11-21T06:00:00Z',
    startedAt: '2026-11-21T06:00:00Z',
    connectionPoint: 'gateway',
    userId: 'gateway',
    source: 'sweep',
    action: 'obligation.escalated',
    outcome: 'level_1',
    subjectId: 'obl_inc_01JD0000000000000000000001_card',
    sha256: sha256Hex('{"level":1}'),
    description: 'Card obligation missed; escalated to level 1',
  },
];

/** The sample chain, freshly linked (a new copy each call). */
export function sampleChain(): AuditEntry[] {
  return chainAuditEvents(undefined, SAMPLE_EVENTS).entries;
}
