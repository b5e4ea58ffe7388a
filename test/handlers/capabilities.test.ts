/**
 * Each Lambda entry wires exactly the adapters its declared capabilities name (issue #13
 * item 1): a port the entry wires but does not declare would run without a grant on AWS;
 * one it declares but does not wire is a grant nobody uses. Read from the entry's source,
 * because an entry builds its runtime at import (a real SDK client from the environment).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dynamoPartyReader } from '../../functions/adapters/dynamodb/parties.js';
import {
  sqsConsumerQueue,
  sqsDeliveryQueue,
} from '../../functions/adapters/sqs/sqs-delivery-queue.js';
import { ALL_ADAPTERS } from '../../functions/handlers/all-adapters.js';
import {
  AUDIT_DAY_CAPABILITIES,
  AUTHORIZER_CAPABILITIES,
  type Capabilities,
  QUARTERLY_SUMMARY_CAPABILITIES,
  SWEEP_CAPABILITIES,
  WORKER_CAPABILITIES,
} from '../../functions/handlers/capabilities.js';
import { ROUTES } from '../../functions/handlers/http/routes.js';

const FUNCTIONS: Array<[string, Capabilities]> = [
  ...ROUTES.map((route) => [route.name, route.capabilities] as [string, Capabilities]),
  ['deliver-webhooks', WORKER_CAPABILITIES],
  ['sweep', SWEEP_CAPABILITIES],
  ['authorize', AUTHORIZER_CAPABILITIES],
  ['close-audit-day', AUDIT_DAY_CAPABILITIES],
  ['deliver-quarterly-summary', QUARTERLY_SUMMARY_CAPABILITIES],
];

function entrySource(name: string): string {
  return readFileSync(new URL(`../../functions/lambda/${name}.ts`, import.meta.url), 'utf8');
}

/** `port: factory` pairs of the entry's `runtimeFromEnv({ … })`. */
function wiredPorts(source: string): Record<string, string> {
  const call = /runtimeFromEnv\(\{([^}]*)\}\)/.exec(source);
  if (call === null) throw new Error('the entry does not call runtimeFromEnv({ … })');
  const pairs = [...(call[1] ?? '').matchAll(/(\w+):\s*(\w+)/g)];
  return Object.fromEntries(pairs.map(([, port, factory]) => [port, factory]));
}

describe('capabilities and Lambda entries', () => {
  it.each(FUNCTIONS)('%s wires exactly the adapters of its capabilities', (name, capabilities) => {
    const source = entrySource(name);
    const wired = wiredPorts(source);
    expect(Object.keys(wired).sort(), name).toEqual(Object.keys(capabilities.ports).sort());
    for (const [port, factory] of Object.entries(wired)) {
      // The factory is the port's own adapter (not, say, the parties store wired as `audit`);
      // producers wire the send-only side of the queue, so they bundle no consumer command.
      // Likewise a function that only reads the party registry wires its reader.
      const expected =
        port === 'queue'
          ? capabilities.consumesQueue
            ? sqsConsumerQueue.name
            : sqsDeliveryQueue.name
          : port === 'parties' && capabilities.ports.parties === 'read'
            ? dynamoPartyReader.name
            : ALL_ADAPTERS[port as keyof typeof ALL_ADAPTERS]?.name;
      expect(factory, `${name}: ${port}`).toBe(expected);
    }
    // Only the functions granted the webhook-secret key build the secret box (and its KMS client).
    expect(source.includes('secretBoxFor('), name).toBe(capabilities.webhookSecrets !== undefined);
    // Only the functions granted the archive bucket wire the S3 archive (and its S3 client),
    // each the side its grant allows: keepers bundle PutObject only.
    expect(source.includes('s3ArchiveKeeper('), name).toBe(capabilities.archive === 'keep');
    expect(source.includes('s3ArchiveReader('), name).toBe(capabilities.archive === 'read');
    // Likewise the audit signing key (sign or read its public half) and the log bucket.
    expect(source.includes('kmsAuditSigner('), name).toBe(capabilities.auditKey === 'sign');
    expect(source.includes('kmsAuditVerifier('), name).toBe(capabilities.auditKey === 'verify');
    expect(source.includes('s3AuditLogStore('), name).toBe(capabilities.writesAuditLog === true);
  });

  it('declares a function for every Lambda entry in functions/lambda', async () => {
    const { readdirSync } = await import('node:fs');
    const entries = readdirSync(new URL('../../functions/lambda/', import.meta.url))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => file.slice(0, -'.ts'.length))
      .sort();
    expect(entries).toEqual(FUNCTIONS.map(([name]) => name).sort());
  });
});
