/**
 * How every record maps onto the single table's keys (docs/dynamodb-keys.md is the
 * prose version). The only file that spells a key; every other file asks here.
 *
 * Ids chosen by the gateway (`inc_…`, `dlv_…`) and party ids (`^[a-z0-9][a-z0-9_-]*$`)
 * never contain `#`; free text chosen by a sender (socReference, Idempotency-Key) is
 * always the last part of a sort key, so no key can be read two ways.
 */
import { MalformedBodyError } from '../../core/errors.js';
import { DynamoStoreError } from './errors.js';

/** Primary key of an item. */
export interface ItemKey {
  pk: string;
  sk: string;
}

const subject = (subjectId: string) => `SUBJECT#${subjectId}`;
const party = (partyId: string) => `PARTY#${partyId}`;

// Versions sort as strings; 9 digits outlast any incident.
const VERSION_DIGITS = 9;
// Audit sequence numbers: 12 digits outlast a trillion entries per party.
const AUDIT_SEQ_DIGITS = 12;

/** Primary keys, one builder per record type. */
export const KEY = {
  /** Parties and their client-id mapping share one small partition: a consistent Query lists them all. */
  registry: 'REGISTRY',
  party: (id: string): ItemKey => ({ pk: KEY.registry, sk: `PARTY#${id}` }),
  partyClient: (clientId: string): ItemKey => ({ pk: KEY.registry, sk: `CLIENT#${clientId}` }),
  /** An incident or a notice is a "subject": its head item, versions and obligations share a partition. */
  subject,
  incident: (id: string): ItemKey => ({ pk: subject(id), sk: 'INCIDENT' }),
  cardVersion: (incidentId: string, version: number): ItemKey => ({
    pk: subject(incidentId),
    sk: `VERSION#${String(version).padStart(VERSION_DIGITS, '0')}`,
  }),
  obligation: (subjectId: string, obligationId: string): ItemKey => ({
    pk: subject(subjectId),
    sk: `OBLIGATION#${obligationId}`,
  }),
  notice: (id: string): ItemKey => ({ pk: subject(id), sk: 'NOTICE' }),
  noticeRecipient: (noticeId: string, partyId: string): ItemKey => ({
    pk: subject(noticeId),
    sk: `RECIPIENT#${partyId}`,
  }),
  /** A notice's fan-out record (issue #14 item 5), next to its head. */
  noticeFanout: (noticeId: string): ItemKey => ({ pk: subject(noticeId), sk: 'FANOUT' }),
  noticeResponse: (noticeId: string, responseId: string): ItemKey => ({
    pk: subject(noticeId),
    sk: `RESPONSE#${responseId}`,
  }),
  delivery: (id: string): ItemKey => ({ pk: `DELIVERY#${id}`, sk: 'DELIVERY' }),
  /** A vulnerability (001 п.13) is a subject too: head, versions and obligations in one partition. */
  vulnerability: (id: string): ItemKey => ({ pk: subject(id), sk: 'VULNERABILITY' }),
  vulnerabilityVersion: (id: string, version: number): ItemKey => ({
    pk: subject(id),
    sk: `VERSION#${String(version).padStart(VERSION_DIGITS, '0')}`,
  }),
  /** The (reporter, reference) claim of a vulnerability, apart from incidents' socReferences. */
  vulnerabilityReferenceClaim: (reporterId: string, reference: string): ItemKey => ({
    pk: party(reporterId),
    sk: `VULNREF#${reference}`,
  }),
  socReferenceClaim: (socId: string, socReference: string): ItemKey => ({
    pk: party(socId),
    sk: `SOCREF#${socReference}`,
  }),
  idempotency: (partyId: string, key: string): ItemKey => ({
    pk: party(partyId),
    sk: `IDEMPOTENCY#${key}`,
  }),
  /** A party's connection state (blocks, counters), apart from its registration. */
  connection: (partyId: string): ItemKey => ({ pk: party(partyId), sk: 'CONNECTION' }),
  /** One link of a party's audit chain; seq sorts as a string (12 digits). */
  auditEntry: (partyId: string, seq: number): ItemKey => ({
    pk: `AUDIT#${partyId}`,
    sk: `SEQ#${String(seq).padStart(AUDIT_SEQ_DIGITS, '0')}`,
  }),
  /**
   * The first seq of each national day of a party's chain (`DAY#<day>`), and each entry
   * appended after a later day had begun (`LATE#<day>#<seq>`): what a day's export reads
   * instead of an index by time (audit-days.ts). Written once per party and day.
   */
  auditDay: (partyId: string, day: string): ItemKey => ({
    pk: `AUDITDAYS#${partyId}`,
    sk: `DAY#${day}`,
  }),
  auditLateEntry: (partyId: string, day: string, seq: number): ItemKey => ({
    pk: `AUDITDAYS#${partyId}`,
    sk: `LATE#${day}#${String(seq).padStart(AUDIT_SEQ_DIGITS, '0')}`,
  }),
  /** Every party's chain head in one partition, so the daily digest reads them in one Query. */
  auditHead: (partyId: string): ItemKey => ({ pk: 'AUDITHEADS', sk: `HEAD#${partyId}` }),
  auditDigest: (day: string): ItemKey => ({ pk: 'AUDITDIGESTS', sk: `DAY#${day}` }),
} as const;

/** Sort-key prefixes inside a subject partition. */
export const SK_PREFIX = {
  version: 'VERSION#',
  obligation: 'OBLIGATION#',
  party: 'PARTY#',
  auditEntry: 'SEQ#',
  auditHead: 'HEAD#',
  auditDigest: 'DAY#',
  auditDay: 'DAY#',
  auditLateEntry: 'LATE#',
} as const;

/** Partition values of the listing indexes (gsi1 per party, gsi2 per kind) and the sparse ones. */
export const PARTITION = {
  incidentsOf: (socId: string) => `${party(socId)}#INCIDENTS`,
  obligationsOf: (partyId: string) => `${party(partyId)}#OBLIGATIONS`,
  deliveriesOf: (partyId: string) => `${party(partyId)}#DELIVERIES`,
  /** A party's deliveries whose last attempt failed (gsi2, sparse): what a redrive reads. */
  undeliveredOf: (partyId: string) => `${party(partyId)}#UNDELIVERED`,
  inboxOf: (partyId: string) => `${party(partyId)}#INBOX`,
  /** The notices an NCC party issued (gsi1 on the notice head), newest first. */
  issuedBy: (partyId: string) => `${party(partyId)}#ISSUED`,
  allIncidents: 'INCIDENTS',
  vulnerabilitiesOf: (partyId: string) => `${party(partyId)}#VULNERABILITIES`,
  allVulnerabilities: 'VULNERABILITIES',
  allObligations: 'OBLIGATIONS',
  due: 'DUE',
  /** Missed obligations whose level-2 escalation is pending (the byDue index, a partition of its own). */
  level2: 'LEVEL2',
  remind: 'REMIND',
  outbox: 'OUTBOX',
  /** Unfinished notice fan-outs by last progress (byOutbox, sparse): what the sweep resumes. */
  fanouts: 'FANOUT',
} as const;

/** The `entity` attribute: which record type an item holds (checked on every read). */
export const ENTITY = {
  party: 'party',
  partyClient: 'partyClient',
  incident: 'incident',
  cardVersion: 'cardVersion',
  obligation: 'obligation',
  delivery: 'delivery',
  notice: 'notice',
  noticeRecipient: 'noticeRecipient',
  noticeResponse: 'noticeResponse',
  noticeFanout: 'noticeFanout',
  socReferenceClaim: 'socReferenceClaim',
  vulnerability: 'vulnerability',
  vulnerabilityVersion: 'vulnerabilityVersion',
  vulnerabilityReferenceClaim: 'vulnerabilityReferenceClaim',
  idempotency: 'idempotency',
  connection: 'connection',
  auditEntry: 'auditEntry',
  auditHead: 'auditHead',
  auditDigest: 'auditDigest',
  auditDay: 'auditDay',
  auditLateEntry: 'auditLateEntry',
} as const;

export type Entity = (typeof ENTITY)[keyof typeof ENTITY];

/**
 * An instant as a fixed-width UTC string (`2026-11-20T04:25:00.000Z`), so that string
 * order is time order. Records keep their timestamps as written (`…:00Z`,
 * `…+05:00`); those do not sort (`00.5Z` < `00Z`, offsets), so index sort keys and
 * query bounds always go through here.
 */
export function sortableInstant(timestamp: string): string {
  const epochMs = Date.parse(timestamp);
  if (Number.isNaN(epochMs)) {
    throw new DynamoStoreError(`Not a timestamp: "${timestamp}"`);
  }
  return new Date(epochMs).toISOString();
}

/**
 * A caller-supplied bound (a listing's due window) as a sortable instant; a value that
 * is not a timestamp is the caller's mistake (400), not a stored-data fault.
 */
export function sortableBound(timestamp: string, name: string): string {
  if (Number.isNaN(Date.parse(timestamp))) {
    throw new MalformedBodyError(
      'invalid_timestamp',
      `${name} must be an RFC 3339 timestamp; got "${timestamp}".`,
    );
  }
  return sortableInstant(timestamp);
}
