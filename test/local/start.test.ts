import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { findFreePort } from '../../functions/local/emulators.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const START_TIMEOUT_MS = 60_000;
const run = promisify(execFile);

interface ProcessRow {
  pid: number;
  ppid: number;
  args: string;
}

async function processTable(): Promise<ProcessRow[]> {
  const { stdout } = await run('ps', ['-eo', 'pid=,ppid=,args=']);
  return stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .flatMap((m) => (m ? [{ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] ?? '' }] : []));
}

/** Every process below `root`, at any depth. */
async function descendants(root: number): Promise<ProcessRow[]> {
  const rows = await processTable();
  const found: ProcessRow[] = [];
  const parents = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const row of rows) {
      if (parents.has(row.ppid) && !parents.has(row.pid)) {
        parents.add(row.pid);
        found.push(row);
        grew = true;
      }
    }
  }
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/** Resolves with the first match of `pattern` in the child's stdout; rejects on exit or timeout. */
function waitForOutput(
  child: ChildProcess,
  pattern: RegExp,
  timeoutMs: number,
): Promise<RegExpExecArray> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`No ${pattern} within ${timeoutMs} ms. Output:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`Exited (${code ?? signal}) before ${pattern}. Output:\n${output}`));
    });
  });
}

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Spawns in its own process group, killed whole if a test leaves it behind. */
function spawnGroup(command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(async () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  });
  return child;
}

describe('npm start (functions/local/start.ts) as a real process', () => {
  it('prints its URL, serves health and the seeded admin to a token from scripts/token.ts, logs each request, and on SIGINT stops its JVM and exits 0', async () => {
    // Arrange
    const dataDir = await mkdtemp(join(tmpdir(), 'ncc-start-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const dynamodbPort = await findFreePort();
    const child = spawnGroup('npx', [
      'tsx',
      'functions/local/start.ts',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--dynamodb-port',
      String(dynamodbPort),
    ]);
    const exited = once(child, 'exit');
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const [, url] = await waitForOutput(
      child,
      /ncc-gateway listening on (http:\/\/127\.0\.0\.1:\d+)/,
      START_TIMEOUT_MS,
    );
    const java = (await descendants(child.pid ?? 0)).find(
      (p) => p.args.includes('DynamoDBLocal') && p.args.includes(dataDir),
    );
    if (java === undefined) throw new Error('No DynamoDB Local below npm start');

    // Act
    const health = await fetch(`${url}/v1/health`);
    const { stdout: token } = await run(
      'npx',
      ['tsx', 'scripts/token.ts', '--party', 'admin', '--role', 'admin', '--data-dir', dataDir],
      {
        cwd: ROOT,
      },
    );
    const accessLine = waitForOutput(
      child,
      /^\S+Z [0-9a-f-]{36} 127\.0\.0\.1 admin GET \/v1\/parties 200 \d+ ms$/m,
      30_000,
    );
    const parties = await fetch(`${url}/v1/parties`, {
      headers: { authorization: `Bearer ${token.trim()}` },
    });
    const partiesBody = await parties.json();
    await accessLine;
    // The JVM's parent is the gateway itself (npx and tsx sit above it): signal it alone, as
    // `kill -INT` would, so that only our shutdown can take DynamoDB Local down.
    process.kill(java.ppid, 'SIGINT');
    const [code, signal] = await exited;

    // Assert
    expect(health.status).toBe(200);
    expect(java.args).toContain(`-port ${dynamodbPort}`);
    expect(token.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(parties.status).toBe(200);
    expect(partiesBody).toMatchObject({
      items: [expect.objectContaining({ id: 'admin', role: 'admin', clientId: 'admin' })],
    });
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(await waitUntilGone(java.pid)).toBe(true);
    // Issue #14 item 8: no engine or runtime warning on the supported Node version.
    expect(stderr).not.toMatch(/Warning/);
  }, 120_000);

  it('restarts a DynamoDB Local that dies, in place with its data, says so on the console, and serves on (issue #14 item 7)', async () => {
    // Arrange
    const dataDir = await mkdtemp(join(tmpdir(), 'ncc-start-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const child = spawnGroup('npx', [
      'tsx',
      'functions/local/start.ts',
      '--port',
      '0',
      '--data-dir',
      dataDir,
    ]);
    const exited = once(child, 'exit');
    const [, url] = await waitForOutput(
      child,
      /ncc-gateway listening on (http:\/\/127\.0\.0\.1:\d+)/,
      START_TIMEOUT_MS,
    );
    const javaOf = async () =>
      (await descendants(child.pid ?? 0)).find(
        (p) => p.args.includes('DynamoDBLocal') && p.args.includes(dataDir),
      );
    const java = await javaOf();
    if (java === undefined) throw new Error('No DynamoDB Local below npm start');
    const { stdout: token } = await run(
      'npx',
      ['tsx', 'scripts/token.ts', '--party', 'admin', '--role', 'admin', '--data-dir', dataDir],
      { cwd: ROOT },
    );

    // Act: the JVM dies as by the OOM killer.
    const restartLine = waitForOutput(
      child,
      /^\S+Z dynamodb-local died \(signal SIGKILL\); restarted at http:\/\/127\.0\.0\.1:\d+, restart 1$/m,
      START_TIMEOUT_MS,
    );
    process.kill(java.pid, 'SIGKILL');
    await restartLine;
    const parties = await fetch(`${url}/v1/parties`, {
      headers: { authorization: `Bearer ${token.trim()}` },
    });
    const partiesBody = await parties.json();
    const restarted = await javaOf();
    process.kill(java.ppid, 'SIGINT');
    const [code] = await exited;

    // Assert: a new JVM, the seeded admin still there, and a clean stop.
    expect(restarted?.pid).not.toBe(java.pid);
    expect(parties.status).toBe(200);
    expect(partiesBody).toMatchObject({ items: [expect.objectContaining({ id: 'admin' })] });
    expect(code).toBe(0);
  }, 240_000);

  it('takes every DynamoDB Local down when a process without its own handler is terminated', async () => {
    // Arrange
    const child = spawnGroup(process.execPath, [
      '--import',
      'tsx',
      'test/local/fixtures/two-dynamodb-locals.ts',
    ]);
    const exited = once(child, 'exit');
    await waitForOutput(child, /ready/, START_TIMEOUT_MS);
    const javas = (await descendants(child.pid ?? 0)).filter((p) =>
      p.args.includes('DynamoDBLocal'),
    );

    // Act
    child.kill('SIGTERM');
    const [, signal] = await exited;

    // Assert: the default action of SIGTERM still ends the process
    expect(javas).toHaveLength(2);
    expect(signal).toBe('SIGTERM');
    for (const java of javas) expect(await waitUntilGone(java.pid)).toBe(true);
  }, 120_000);
});
