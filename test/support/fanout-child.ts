/**
 * A gateway process for the fan-out crash test (test/e2e/notice-fanout-crash.e2e.test.ts),
 * run with tsx against DynamoDB Local and killed with SIGKILL mid-expansion:
 *
 *   tsx test/support/fanout-child.ts issue  <endpoint> <table> <noticeId> <sector>
 *     POST /v1/notices's use case as the NCC: a notice to every SOC of <sector>, under
 *     the notice id given (so the parent can watch its fan-out from the first write),
 *     then the worker's share in the same process, as in the local runtime: the
 *     "continue fan-out" messages the request sent, one after the other.
 *   tsx test/support/fanout-child.ts sweep  <endpoint> <table>
 *     One sweep, as a restarted process's first tick; prints its stats as JSON.
 *
 * Enqueued delivery ids are dropped: the test counts what the store holds.
 */

import { DEFAULT_REGION } from '../../functions/adapters/aws-client-options.js';
import { createDynamoDbClient } from '../../functions/adapters/aws-clients.js';
import { createDynamoGatewayStore } from '../../functions/adapters/dynamodb/index.js';
import { storePortsOf } from '../../functions/core/ports/ports.js';
import { newGatewayId } from '../../functions/core/use-cases/context.js';
import { sweep } from '../../functions/core/use-cases/deliveries/sweep.js';
import { expandQueuedFanout } from '../../functions/core/use-cases/notices/fanout.js';
import { issueNotice } from '../../functions/core/use-cases/notices/issue-notice.js';
import { jsonBody } from '../core/fixtures.js';
import { party } from './records.js';

const [mode, endpoint, tableName, noticeId, sector] = process.argv.slice(2);
if (endpoint === undefined || tableName === undefined) throw new Error('usage: see the header');

const store = createDynamoGatewayStore({
  client: createDynamoDbClient({ region: DEFAULT_REGION, endpoint, requestTimeoutMs: 10_000 }),
  tableName,
});
/**
 * The processes' clocks run at a tenth of real speed, so neither the request's 2 s budget
 * for expanding a notice ends the expansion before the test kills it, nor the sweep's
 * 20 s budget ends the finishing sweep's expansion on a loaded machine (at load 13, 480
 * recipients took longer than that; the next sweep would finish them anyway).
 */
const startedMs = Date.now();
const slowdown = 10;
/** "Continue fan-out" messages sent, for the worker's share. */
const fanouts: string[] = [];
const deps = {
  ...storePortsOf(store),
  queue: {
    enqueue: async () => {},
    enqueueFanout: async (id: string) => {
      fanouts.push(id);
    },
  },
  now: () => new Date(startedMs + (Date.now() - startedMs) / slowdown),
  newId: (prefix: string) =>
    prefix === 'ntc' && noticeId !== undefined ? noticeId : newGatewayId(prefix),
  log: { warn: (message: string) => console.error(message) },
  outboxGraceSeconds: 0,
  // A restarted process takes the killed one's fan-out over at once.
  fanoutIdleSeconds: 0,
};

if (mode === 'issue') {
  if (noticeId === undefined || sector === undefined) throw new Error('issue needs a notice id');
  const issued = await issueNotice(
    deps,
    { partyId: 'ncc-duty', role: 'ncc', party: party('ncc-duty', { role: 'ncc' }) },
    jsonBody({
      kind: 'threat',
      registeredAt: new Date().toISOString().slice(0, 10),
      description: 'Бүкіл елге хабарландыру',
      tlp: 'amber',
      recipients: { sectors: [sector] },
    }),
  );
  console.log(JSON.stringify({ issued: issued.receipt.id }));
  for (let taken = 0; taken < fanouts.length; taken++)
    await expandQueuedFanout(deps, fanouts[taken] ?? '');
} else if (mode === 'sweep') {
  console.log(JSON.stringify(await sweep(deps)));
} else {
  throw new Error(`unknown mode ${mode}`);
}
