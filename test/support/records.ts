/**
 * Record builders for the DynamoDB adapter tests: realistic records (obligations from
 * the core's own clock rules), unique ids per call so tests can share a table.
 */
import { randomUUID } from 'node:crypto';
import { ulid } from 'ulid';
import {
  type Obligation,
  obligationId,
  obligationsForNewIncident,
} from '../../functions/core/clocks/obligations.js';
import { DEFAULT_CLOCK_POLICY } from '../../functions/core/clocks/rules.js';
import type { NccNotice, Receipt } from '../../functions/core/model/messages.js';
import type { IdempotencyClaim } from '../../functions/core/ports/idempotency.js';
import type { NewIncidentWrite } from '../../functions/core/ports/incidents.js';
import {
  FANOUT_BATCH_RECIPIENTS,
  type FanoutShare,
  type NewNoticeWrite,
  type NoticeStore,
} from '../../functions/core/ports/notices.js';
import type {
  DeliveryRecord,
  IncidentRecord,
  NoticeFanoutRecord,
  NoticeRecipientRecord,
  NoticeRecord,
  PartyRecord,
} from '../../functions/core/ports/records.js';
import { formatInstant, instantOf } from '../../functions/core/time.js';
import { sharesOf } from '../../functions/core/use-cases/notices/fanout.js';
import { exampleCard } from '../core/fixtures.js';

/** A unique id shaped like the gateway's own (`inc_<ULID>`), so path-id checks accept it. */
export function uid(prefix: string): string {
  return `${prefix}_${ulid()}`;
}

/** A party id matching the registry pattern. */
export function partyId(prefix = 'soc'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** A party as the route tests register it: client id = party id, nothing else set. */
export function registeredParty(
  id: string,
  role: PartyRecord['role'],
  at: string,
  overrides: Partial<PartyRecord> = {},
): PartyRecord {
  return {
    id,
    clientId: id,
    role,
    name: `Party ${id}`,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

export function party(id: string, overrides: Partial<PartyRecord> = {}): PartyRecord {
  return {
    id,
    role: 'soc',
    name: `Party ${id}`,
    clientId: `client-${id}`,
    sectors: ['electricity'],
    webhook: { url: 'https://example.kz/hook', secret: 'x'.repeat(32) },
    policy: { noticeAckMinutes: 15, reminderAt: 0.8 },
    createdAt: '2026-11-20T04:00:00Z',
    updatedAt: '2026-11-20T04:00:00Z',
    ...overrides,
  };
}

export function delivery(overrides: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return {
    id: uid('dlv'),
    partyId: 'ncc-main',
    event: 'incident.notified',
    subjectId: uid('inc'),
    createdAt: '2026-11-20T04:12:31.204Z',
    payload: { hello: 'сәлем', nested: { n: 1 } },
    status: 'pending',
    attempts: 0,
    queued: false,
    ...overrides,
  };
}

export interface IncidentOptions {
  id?: string;
  socId?: string;
  socReference?: string;
  ownerId?: string;
  /** When the gateway received it (RFC 3339). */
  receivedAt?: string;
  /** The card's confirmedAt; every clock starts here. */
  confirmedAt?: string;
  severity?: 1 | 2 | 3 | 4;
  completeCard?: boolean;
  deliveries?: number;
  requestSha256?: string;
  idempotencyKey?: string;
}

function receiptFor(incidentId: string, receivedAt: string, obligations: Obligation[]): Receipt {
  return {
    id: incidentId,
    receivedAt,
    version: 1,
    sha256: 'a'.repeat(64),
    warnings: [],
    obligations: obligations.map((o) => ({ kind: o.kind, state: o.state, dueAt: o.dueAt })),
  };
}

/** A complete NewIncidentWrite, obligations opened by the core's rules. */
export function newIncident(options: IncidentOptions = {}): NewIncidentWrite {
  const id = options.id ?? uid('inc');
  const socId = options.socId ?? 'soc-alpha';
  const receivedAt = options.receivedAt ?? '2026-11-20T04:12:31.204Z';
  const card = exampleCard();
  card.socReference = options.socReference ?? `REF-${randomUUID()}`;
  card.details.confirmedAt = options.confirmedAt ?? '2026-11-20T09:10:00+05:00';
  card.severity = options.severity ?? 3;
  const completeCard = options.completeCard ?? true;
  const obligations = obligationsForNewIncident({
    incidentId: id,
    socId,
    ...(options.ownerId === undefined ? {} : { ownerId: options.ownerId }),
    message: card,
    // Every clock, elimination included, as for an e-government object.
    egovObject: true,
    completeCard,
    messageId: `${id}#v1`,
    receivedAtMs: instantOf(receivedAt),
    policy: DEFAULT_CLOCK_POLICY,
  });
  const incident: IncidentRecord = {
    id,
    socId,
    socReference: card.socReference,
    ...(options.ownerId === undefined ? {} : { ownerId: options.ownerId }),
    status: 'open',
    confirmedAt: card.details.confirmedAt,
    severity: card.severity,
    type: card.type,
    version: 1,
    completeCard,
    card,
    createdAt: receivedAt,
    updatedAt: receivedAt,
  };
  const receipt = receiptFor(id, receivedAt, obligations);
  const requestSha256 = options.requestSha256 ?? 'b'.repeat(64);
  const write: NewIncidentWrite = {
    incident,
    version: {
      incidentId: id,
      version: 1,
      messageId: `${id}#v1`,
      receivedAt,
      sha256: 'a'.repeat(64),
      format: 'json',
      card,
      warnings: [],
    },
    obligations,
    deliveries: Array.from({ length: options.deliveries ?? 1 }, () =>
      delivery({ subjectId: id, createdAt: receivedAt }),
    ),
    receipt,
    requestSha256,
  };
  if (options.idempotencyKey !== undefined) {
    write.idempotency = idempotencyClaim(socId, options.idempotencyKey, requestSha256, receipt);
  }
  return write;
}

export function idempotencyClaim(
  owner: string,
  key: string,
  requestSha256: string,
  receipt: Receipt,
  expiresAtEpochSeconds = Math.floor(Date.now() / 1000) + 86_400,
): IdempotencyClaim {
  return { partyId: owner, key, requestSha256, statusCode: 201, receipt, expiresAtEpochSeconds };
}

/** An open obligation due at `dueAt`, optionally with a pending reminder. */
export function openObligation(dueAt: string, overrides: Partial<Obligation> = {}): Obligation {
  const subjectId = overrides.subjectId ?? uid('ntc');
  const kind = overrides.kind ?? 'notice_response';
  const owedBy = overrides.owedBy ?? 'soc-alpha';
  return {
    id: obligationId(subjectId, kind, owedBy),
    kind,
    subjectId,
    owedBy,
    startsAt: formatInstant(instantOf(dueAt) - 3_600_000),
    dueAt,
    state: 'open',
    ...overrides,
  };
}

export interface NoticeOptions {
  id?: string;
  recipients?: string[];
  issuedAt?: string;
  idempotencyKey?: string;
  /** Bytes of filler in the notice description (to push transaction size). */
  descriptionBytes?: number;
}

export function noticeMessage(
  recipients: string[],
  description = 'Ботнет белсенділігі анықталды.',
): NccNotice {
  return {
    kind: 'threat',
    registeredAt: '2026-11-20',
    description,
    tlp: 'amber',
    recipients: { parties: recipients },
  };
}

/**
 * A notice as the use case writes it (NewNoticeWrite: head, fan-out record, the first
 * batch of shares), and, for assertions, every recipient's inbox entry, clocks and
 * delivery (`recipients`, `allObligations`, `allDeliveries`). A notice to more than
 * FANOUT_BATCH_RECIPIENTS needs {@link expandAll} after saveNewNotice.
 */
export interface TestNotice extends NewNoticeWrite {
  recipients: NoticeRecipientRecord[];
  allObligations: Obligation[];
  allDeliveries: DeliveryRecord[];
  allShares: FanoutShare[];
}

/** A notice to `recipients` (two new SOCs by default), built by the core's own fan-out. */
export function newNotice(options: NoticeOptions = {}): TestNotice {
  const id = options.id ?? uid('ntc');
  const recipients = options.recipients ?? [partyId(), partyId()];
  const issuedAt = options.issuedAt ?? '2026-11-20T05:00:00Z';
  const description =
    options.descriptionBytes === undefined
      ? undefined
      : 'ж'.repeat(Math.floor(options.descriptionBytes / 2));
  const notice: NoticeRecord = {
    id,
    issuedBy: 'ncc-main',
    issuedAt,
    notifiedAt: issuedAt,
    sha256: 'c'.repeat(64),
    notice: noticeMessage(recipients, description),
    recipients,
  };
  const fanout: NoticeFanoutRecord = {
    noticeId: id,
    recipients: recipients.map((p) => ({ partyId: p, policy: DEFAULT_CLOCK_POLICY })),
    expanded: 0,
    createdAt: issuedAt,
    updatedAt: issuedAt,
  };
  const allShares = sharesOf(notice, fanout.recipients, issuedAt);
  const write: TestNotice = {
    notice,
    fanout,
    shares: allShares.slice(0, FANOUT_BATCH_RECIPIENTS),
    obligations: [],
    deliveries: [],
    recipients: allShares.map((s) => s.recipient),
    allObligations: allShares.flatMap((s) => s.obligations),
    allDeliveries: allShares.map((s) => s.delivery),
    allShares,
  };
  if (options.idempotencyKey !== undefined) {
    write.idempotency = idempotencyClaim('ncc-main', options.idempotencyKey, 'd'.repeat(64), {
      id,
      receivedAt: issuedAt,
      version: 1,
      sha256: 'c'.repeat(64),
      warnings: [],
      obligations: [],
    });
  }
  return write;
}

/**
 * Writes bare open obligations through the store: as a notice's own clocks (the only bare
 * path), 90 to a notice so each write is one transaction.
 */
export async function seedObligations(
  store: Pick<NoticeStore, 'saveNewNotice'>,
  obligations: readonly Obligation[],
): Promise<void> {
  for (let start = 0; start < obligations.length; start += 90) {
    const write = newNotice({ recipients: [] });
    await store.saveNewNotice({ ...write, obligations: obligations.slice(start, start + 90) });
  }
}

/** Writes the rest of a saved notice's fan-out batch by batch, as the expansion does. */
export async function expandAll(
  store: Pick<NoticeStore, 'saveFanoutBatch' | 'getFanout'>,
  write: TestNotice,
  at = write.notice.issuedAt,
): Promise<void> {
  const total = write.allShares.length;
  let expanded = (await store.getFanout(write.notice.id))?.expanded ?? 0;
  while (expanded < total) {
    ({ expanded } = await store.saveFanoutBatch({
      noticeId: write.notice.id,
      from: expanded,
      total,
      shares: write.allShares.slice(expanded, expanded + FANOUT_BATCH_RECIPIENTS),
      at,
    }));
  }
}

/** Runs `count` calls concurrently and sorts their results into fulfilled values and errors. */
export async function concurrently<T>(count: number, run: (index: number) => Promise<T>) {
  const settled = await Promise.allSettled(Array.from({ length: count }, (_v, i) => run(i)));
  const values: T[] = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const errors: unknown[] = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason] : []));
  return { values, errors };
}
