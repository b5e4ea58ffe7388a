/**
 * What each function does, declared once (issue #13 item 1): the ports it uses and
 * whether it only reads through them or also writes, plus the keys it uses directly.
 * Three things follow from one declaration and are tested against each other:
 * - the Lambda entry wires exactly these ports' adapters (test/handlers/capabilities.test.ts);
 * - the CDK stack grants exactly the actions they need (`cdk/grants.ts` `grantCapabilities`);
 * - running the entry as deployed issues only commands the role allows
 *   (test/cdk/grants.test.ts records them against DynamoDB Local and fauxqs), and its
 *   bundle references only such commands (test/cdk/stacks.test.ts).
 * No AWS import here: the CDK reads it, and so do the route table and the tests.
 */
import type { PortName } from '../core/ports/ports.js';

/**
 * `read`: the function only reads through the port. `write`: it may also write (a
 * transaction, a conditional update, a counter). For `queue`, `write` is sending.
 */
export type PortAccess = 'read' | 'write';

export interface Capabilities {
  /** The ports the function wires, each with what it does through it. */
  readonly ports: Readonly<Partial<Record<PortName, PortAccess>>>;
  /**
   * Webhook secrets (issue #12 item 4): `seal` generates data keys under the
   * webhook-secret key (registration, rotation); `open` decrypts them (the worker only).
   */
  readonly webhookSecrets?: 'seal' | 'open';
  /** Consumes the delivery queue (receive, delete, change visibility): the worker only. */
  readonly consumesQueue?: true;
  /**
   * The verbatim archive (issue #15 item 2): `keep` writes the bytes received or sent
   * (every route that reads a body, and the worker for the webhook bodies it sends);
   * `read` gives them back (`GET /v1/messages/{sha256}`). On AWS the entry wires
   * `s3MessageArchive` and gets `ARCHIVE_BUCKET`; nothing else does.
   */
  readonly archive?: 'keep' | 'read';
  /**
   * The KMS key that signs the daily audit digests (issue #9 item 5): `sign` (the daily
   * job: kms:Sign) or `verify` (`GET /v1/audit/verify`: kms:GetPublicKey). Nothing else.
   */
  readonly auditKey?: 'sign' | 'verify';
  /** Writes the Annex 4 day files to the audit log bucket (the daily job only; PutObject). */
  readonly writesAuditLog?: true;
  /**
   * Replaces parties' Cognito client secrets (issue #9 item 3, п.90-1(10)): the credential
   * reissue only — list, add and delete secrets of the user pool's app clients.
   */
  readonly clientSecrets?: 'replace';
}

/**
 * What every authenticated route does before its own work: reads the party the token
 * names, spends the party's request budget (an UpdateItem) and records the connection's
 * last request for the п.90-1 rules (another UpdateItem) — so even a GET writes.
 */
export const AUTHENTICATED_PORTS = {
  parties: 'read',
  rateLimiter: 'write',
  connections: 'write',
} as const satisfies Capabilities['ports'];

/** A public route that touches no data: no adapter, no SDK client, no grant. */
export const PUBLIC: Capabilities = { ports: {} };

/** An authenticated route: the common ports plus its own. */
export function authenticated(
  ports: Capabilities['ports'],
  extra: Omit<Capabilities, 'ports'> = {},
): Capabilities {
  return { ports: { ...AUTHENTICATED_PORTS, ...ports }, ...extra };
}

/**
 * The delivery worker: reads deliveries' recipients, records attempts, re-sends
 * retries and escalations of failed deliveries, and signs with the webhook secrets;
 * goes on expanding the notice fan-outs handed to it through the queue (issue #14 item 5).
 */
export const WORKER_CAPABILITIES: Capabilities = {
  ports: { deliveries: 'write', parties: 'read', notices: 'write', queue: 'write' },
  webhookSecrets: 'open',
  consumesQueue: true,
  archive: 'keep',
};

/**
 * The clock sweep: marks misses, writes reminders and escalations, relays the outbox,
 * finishes notice fan-outs a crash left part-way, and keeps the credential ages
 * (reminds, blocks: connection state with its audit entries).
 */
export const SWEEP_CAPABILITIES: Capabilities = {
  ports: {
    obligations: 'write',
    parties: 'read',
    deliveries: 'write',
    notices: 'write',
    connections: 'write',
    queue: 'write',
  },
};

/**
 * The daily audit job: reads every chain head and the digests, writes the day's signed
 * digest (a conditional put: audit `write`), lists the parties, signs with the KMS key and
 * writes each party's Annex 4 files to the log bucket.
 */
export const AUDIT_DAY_CAPABILITIES: Capabilities = {
  ports: { audit: 'write', parties: 'read' },
  auditKey: 'sign',
  writesAuditLog: true,
};

/**
 * The quarterly summary job (001 п.17): reads the quarter's incidents, vulnerabilities and
 * clocks as the quarterly report does, and writes one `report.quarterly` delivery per
 * `authority` party (set once by its derived id), handed to the queue.
 */
export const QUARTERLY_SUMMARY_CAPABILITIES: Capabilities = {
  ports: {
    incidents: 'read',
    vulnerabilities: 'read',
    obligations: 'read',
    parties: 'read',
    deliveries: 'write',
    queue: 'write',
  },
};

/**
 * The API's Lambda authorizer: resolves the token's party, checks its connection, and
 * counts failed tokens; a block it triggers is announced to the NCC parties.
 */
export const AUTHORIZER_CAPABILITIES: Capabilities = {
  ports: { parties: 'read', connections: 'write', deliveries: 'write', queue: 'write' },
};

/** The ports that live in the table (every port but the queue). */
export function tablePortsOf(capabilities: Capabilities): PortName[] {
  return (Object.keys(capabilities.ports) as PortName[]).filter((port) => port !== 'queue');
}

/** What the function needs of the table: nothing, reads, or reads and writes. */
export function tableAccessOf(capabilities: Capabilities): 'none' | PortAccess {
  const uses = tablePortsOf(capabilities).map((port) => capabilities.ports[port]);
  if (uses.includes('write')) return 'write';
  return uses.length > 0 ? 'read' : 'none';
}

/**
 * The ports whose writes append to the audit chain in the same transaction (п.90-1(7)):
 * every message received or sent and every service event. `audit` itself appends too
 * (the gateway's own events, the daily digest). Parties, idempotency and the rate limiter
 * are never audited by their own writes.
 */
export const AUDITED_PORTS = [
  'incidents',
  'vulnerabilities',
  'obligations',
  'deliveries',
  'notices',
  'connections',
  'audit',
] as const satisfies readonly PortName[];

/**
 * What the function needs of the audit table (its own table, issue #9): `append` when it
 * writes through an audited port (it reads the chain head and puts entries, markers, the
 * head or a digest — Puts only), `read` when it only reads the trail (verify, export),
 * else nothing. Never update or delete: no function changes an audit row.
 */
export function auditTableAccessOf(capabilities: Capabilities): 'none' | 'read' | 'append' {
  if (AUDITED_PORTS.some((port) => capabilities.ports[port] === 'write')) return 'append';
  return capabilities.ports.audit === 'read' ? 'read' : 'none';
}

/** Whether the function sends to the delivery queue. */
export function sendsToQueue(capabilities: Capabilities): boolean {
  return capabilities.ports.queue === 'write';
}
