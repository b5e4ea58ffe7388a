/**
 * `npm start [-- --port <n>] [--data-dir <dir>] [--dynamodb-port <n>] [--sqs-port <n>] [--quiet]`:
 * the gateway on this machine, with one access-log line per request and one per delivery
 * attempt and escalation on stdout (`--quiet`: none).
 * Env: SWEEP_INTERVAL_SECONDS (default 5); DYNAMODB_PORT and SQS_PORT (the emulators' ports,
 * default free ones; the flags win); AWS_ENDPOINT_URL (use that endpoint for DynamoDB and SQS,
 * e.g. LocalStack, instead of starting the emulators); AWS_REGION.
 * Ctrl-C (SIGINT) or SIGTERM stops everything, the emulators included, and exits 0.
 * A DynamoDB Local that dies is restarted in place (a console line says so); one that
 * keeps dying (3 times in a minute) or will not start again stops the gateway: exit 1.
 */

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { regionOf } from '../handlers/config.js';
import { DEFAULT_DATA_DIR } from './data-dir.js';
import { type LocalGateway, startLocalGateway } from './start-local-gateway.js';

const USAGE =
  'Usage: npm start -- [--port <n>] [--data-dir <dir>] [--dynamodb-port <n>] [--sqs-port <n>] [--quiet]';

function nonNegativeInteger(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got "${raw}".\n${USAGE}`);
  return value;
}

function readOptions() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'dynamodb-port': { type: 'string' },
      'sqs-port': { type: 'string' },
      quiet: { type: 'boolean' },
    },
    strict: true,
  });
  const endpoint = process.env.AWS_ENDPOINT_URL;
  return {
    port: nonNegativeInteger(values.port, '--port', 8080),
    dataDir: resolve(values['data-dir'] ?? DEFAULT_DATA_DIR),
    sweepIntervalSeconds: Math.max(
      1,
      nonNegativeInteger(process.env.SWEEP_INTERVAL_SECONDS, 'SWEEP_INTERVAL_SECONDS', 5),
    ),
    region: regionOf(process.env),
    emulatorPorts: {
      dynamodb: nonNegativeInteger(
        values['dynamodb-port'] ?? process.env.DYNAMODB_PORT,
        '--dynamodb-port (DYNAMODB_PORT)',
        0,
      ),
      sqs: nonNegativeInteger(
        values['sqs-port'] ?? process.env.SQS_PORT,
        '--sqs-port (SQS_PORT)',
        0,
      ),
    },
    ...(values.quiet ? {} : { accessLog: (line: string) => process.stdout.write(`${line}\n`) }),
    ...(endpoint ? { endpoints: { dynamodb: endpoint, sqs: endpoint } } : {}),
  };
}

async function main(): Promise<void> {
  const options = readOptions();
  let gateway: LocalGateway | undefined;
  let stopping = false;
  // Registered before anything starts. A Ctrl-C during start-up exits at once; the
  // emulators' own exit hooks kill DynamoDB Local, so no JVM outlives us.
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping…\n`);
    (gateway?.stop() ?? Promise.resolve()).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(
          `Stopping failed: ${error instanceof Error ? error.stack : String(error)}\n`,
        );
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // DynamoDB Local died and could not be restarted: say so loudly and exit 1, rather
  // than answer 503 to every request until someone notices (issue #14 item 7).
  const fatal = (error: Error) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(
      [
        '',
        `FATAL: ${error.message}`,
        'The gateway cannot work without DynamoDB Local, so it stops. Check that Java 17 runs',
        `(java -version) and that ${options.dataDir} is writable, then run npm start again.`,
        '',
      ].join('\n'),
    );
    (gateway?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
  };

  const startedAt = performance.now();
  gateway = await startLocalGateway({ ...options, onFatal: fatal });
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  const dataDirFlag =
    options.dataDir === resolve(DEFAULT_DATA_DIR) ? '' : ` --data-dir ${options.dataDir}`;
  process.stdout.write(
    [
      `ncc-gateway listening on ${gateway.url} (ready in ${seconds} s)`,
      `  DynamoDB ${gateway.endpoints.dynamodb}, SQS ${gateway.endpoints.sqs}, data in ${options.dataDir}`,
      `  sweep every ${options.sweepIntervalSeconds} s; admin token: npm run token -- --party admin --role admin${dataDirFlag}`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `npm start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
