/**
 * Path ids are checked for shape before any store call (issue #12 item 2): a
 * 3 000-character id used to reach DynamoDB's key-size limit and answer 500. An id of
 * the wrong shape is "not found", like another tenant's, and is not echoed.
 */
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../functions/core/errors.js';
import { isGatewayId } from '../../../functions/core/ids.js';
import { PORT_NAMES, type Ports } from '../../../functions/core/ports/ports.js';
import type { PartyRecord } from '../../../functions/core/ports/records.js';
import { problemOf } from '../../../functions/core/problem/problem-details.js';
import type { GatewayDeps, Principal } from '../../../functions/core/use-cases/context.js';
import { ackDelivery } from '../../../functions/core/use-cases/deliveries/delivery-inbox.js';
import { closeIncident } from '../../../functions/core/use-cases/incidents/close-incident.js';
import { getIncident } from '../../../functions/core/use-cases/incidents/read-incidents.js';
import { reviseCard } from '../../../functions/core/use-cases/incidents/revise-card.js';
import { ackNotice } from '../../../functions/core/use-cases/notices/notice-inbox.js';
import { respondToNotice } from '../../../functions/core/use-cases/notices/respond-to-notice.js';
import { exampleCard, fixedClock, jsonBody } from '../fixtures.js';

/** Deps whose every port call fails the test: the id must be refused before any. */
function untouchable(): GatewayDeps & Ports {
  const trap = (port: string) =>
    new Proxy(
      {},
      {
        get: (_target, name) => () => {
          throw new Error(`${port}.${String(name)} was called`);
        },
      },
    );
  return {
    ...Object.fromEntries(PORT_NAMES.map((name) => [name, trap(name)])),
    now: fixedClock,
    newId: (prefix: string) => `${prefix}_01JD0000000000000000000000`,
    log: { warn: () => {} },
  } as unknown as GatewayDeps & Ports;
}

function principal(role: PartyRecord['role']): Principal {
  const party = {
    id: `${role}-1`,
    clientId: `${role}-1`,
    role,
    name: role,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  } satisfies PartyRecord;
  return { partyId: party.id, role, party };
}

const LONG = 'x'.repeat(3_000);
const BAD_IDS = [
  LONG,
  `inc_${LONG}`,
  'inc_01jd0000000000000000000000', // lower case is not what ulid() writes
  'inc_01JD000000000000000000000U', // U is not Crockford base32
  'ntc_01JD0000000000000000000000/../x',
  '',
];

const soc = principal('soc');
const owner = principal('owner');
const routes: [string, (id: string) => Promise<unknown>][] = [
  ['GET /v1/incidents/{id}', (id) => getIncident(untouchable(), soc, id)],
  [
    'PUT /v1/incidents/{id}/card',
    (id) => reviseCard(untouchable(), soc, id, jsonBody(exampleCard()), 'key-1'),
  ],
  [
    'POST /v1/incidents/{id}/close',
    (id) => closeIncident(untouchable(), soc, id, jsonBody({}), 'key-1'),
  ],
  ['POST /v1/notices/{id}/ack', (id) => ackNotice(untouchable(), soc, id)],
  [
    'POST /v1/notices/{id}/responses',
    (id) => respondToNotice(untouchable(), soc, id, jsonBody({}), 'key-1'),
  ],
  ['POST /v1/deliveries/{id}/ack', (id) => ackDelivery(untouchable(), owner, id)],
];

describe('path ids', () => {
  it.each(routes)(
    '%s answers 404 for every malformed id, before any store call',
    async (_route, call) => {
      for (const id of BAD_IDS) {
        const error = await call(id).then(
          () => undefined,
          (e: unknown) => e,
        );

        expect(error, `id ${id.slice(0, 40)}`).toBeInstanceOf(NotFoundError);
        const { problem } = problemOf(error);
        expect(problem).toMatchObject({ status: 404, code: 'not_found' });
        expect(JSON.stringify(problem)).not.toContain('xxxxxxxxxx');
      }
    },
  );

  it('accepts exactly the ids the gateway mints', () => {
    expect(isGatewayId('inc', 'inc_01JD7Z3K9QXW2M4N6P8R0T2V4X')).toBe(true);
    expect(isGatewayId('ntc', 'ntc_01JD7Z3K9QXW2M4N6P8R0T2V4X')).toBe(true);
    expect(isGatewayId('dlv', 'dlv_01JD7Z3K9QXW2M4N6P8R0T2V4X')).toBe(true);
    expect(isGatewayId('inc', 'ntc_01JD7Z3K9QXW2M4N6P8R0T2V4X')).toBe(false);
    expect(isGatewayId('dlv', 'dlv_01JD7Z3K9QXW2M4N6P8R0T2V4')).toBe(false);
  });
});
