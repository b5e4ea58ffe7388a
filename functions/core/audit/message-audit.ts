/**
 * The audit entries of messages (п.90-1(7): "ақпараттық хабарламаларды беру/қабылдау
 * оқиғаларын тіркеу"): one `message.received` on the sender's chain for every message
 * the gateway accepts, one `message.sent` on the recipient's chain for every webhook push
 * and its outcome. Each is written in the same transaction as the record it describes,
 * so there is never an accepted message without its entry, nor an entry without its write.
 *
 * What is not chained, and why (docs/security.md "Audit trail"):
 * - a refused message (4xx) writes nothing, so nothing is appended: its bytes are kept in
 *   the verbatim archive and its problem code in the request log and the SIEM feed; letting
 *   every refusal append would let a hostile or broken client grow and contend a party's
 *   chain (every append serialises on the party's head);
 * - a replay (the same Idempotency-Key or socReference re-sent) writes nothing and answers
 *   the stored receipt: the original `accepted` entry stands alone.
 */
import type { Principal } from '../use-cases/context.js';
import { type AuditEvent, sha256Hex } from './audit-entry.js';

/** SHA-256 of no bytes: the entry of a message received without a body (an ack). */
export const EMPTY_BODY_SHA256 = sha256Hex('');

/** Where the connection point of a request is unknown (a use case called outside HTTP). */
export const UNKNOWN_CONNECTION_POINT = 'unknown';

/** What a received message's entry says beyond who sent it. */
export interface ReceivedMessage {
  /** The gateway function that accepted it (Annex 4 "event source"), e.g. `post-incident`. */
  source: string;
  /** The incident, notice or delivery it concerns. */
  subjectId: string;
  /** Hex SHA-256 of the raw bytes received (an empty body hashes the empty string). */
  sha256: string;
  /** When the request arrived (RFC 3339 UTC). */
  startedAt: string;
  /** When the write that records it happens. */
  at: string;
  description: string;
  outcome?: string;
}

/** The `message.received` entry of an accepted message, on the sender's chain. */
export function receivedAudit(principal: Principal, message: ReceivedMessage): AuditEvent {
  return {
    partyId: principal.partyId,
    at: message.at,
    startedAt: message.startedAt,
    connectionPoint: principal.connectionPoint ?? UNKNOWN_CONNECTION_POINT,
    userId: principal.clientId ?? principal.party.clientId ?? principal.partyId,
    source: message.source,
    action: 'message.received',
    outcome: message.outcome ?? 'accepted',
    subjectId: message.subjectId,
    sha256: message.sha256,
    description: message.description,
  };
}

/** What a sent message's entry says. */
export interface SentMessage {
  /** The recipient party. */
  partyId: string;
  /** The delivery id. */
  subjectId: string;
  /** Hex SHA-256 of the exact bytes POSTed. */
  sha256: string;
  startedAt: string;
  at: string;
  /** `delivered`, `retrying` or `failed`. */
  outcome: string;
  description: string;
}

/** The `message.sent` entry of a webhook push, on the recipient's chain (the gateway acted). */
export function sentAudit(message: SentMessage): AuditEvent {
  return {
    partyId: message.partyId,
    at: message.at,
    startedAt: message.startedAt,
    connectionPoint: 'gateway',
    userId: 'gateway',
    source: 'deliver-webhooks',
    action: 'message.sent',
    outcome: message.outcome,
    subjectId: message.subjectId,
    sha256: message.sha256,
    description: message.description,
  };
}
