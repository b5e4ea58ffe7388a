/**
 * The supply-chain gate against a fixture project whose lockfile holds a production
 * dependency with a seeded high-severity advisory (and a dev dependency with a critical
 * one, which `--omit=dev` leaves out). A local stand-in for the registry's bulk advisory
 * endpoint serves the advisories, so the real `npm audit` runs with no network.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AllowlistEntry,
  AllowlistError,
  judgeAudit,
  parseAllowlist,
} from '../../scripts/supply-chain/audit-gate.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURE = join(ROOT, 'test', 'scripts', 'fixtures', 'audit-project');
const SEEDED = 'GHSA-2c3v-4fwx-9mgh';
const DEV_ONLY = 'GHSA-3c3v-4fwx-9mgh';
const TODAY = '2026-12-02';

const ADVISORIES = {
  'vulnerable-lib': [
    {
      id: 1,
      url: `https://github.com/advisories/${SEEDED}`,
      title: 'Prototype pollution leading to code execution',
      severity: 'high',
      vulnerable_versions: '<2.0.0',
      cwe: ['CWE-1321'],
      cvss: { score: 8.1, vectorString: null },
    },
  ],
  'dev-only-lib': [
    {
      id: 2,
      url: `https://github.com/advisories/${DEV_ONLY}`,
      title: 'Critical, but only in a dev dependency',
      severity: 'critical',
      vulnerable_versions: '<2.0.0',
      cwe: [],
      cvss: { score: 9.8, vectorString: null },
    },
  ],
};

let registry: Server;
let registryUrl: string;
let work: string;
/** What the real `npm audit --omit=dev --audit-level=high --json` printed for the fixture. */
let auditOutput: string;
const askedFor: string[] = [];

function entry(overrides: Partial<AllowlistEntry> = {}): AllowlistEntry {
  return {
    id: SEEDED,
    package: 'vulnerable-lib',
    reason: 'Only the CLI path uses it and the gateway never calls that path.',
    reviewedBy: 'commissioning',
    expires: '2027-01-31',
    ...overrides,
  };
}

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command without blocking the event loop (the stand-in registry lives in this process). */
function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, options);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs the gate's command line in the fixture, against the stand-in registry. */
function gate(args: string[], registryAt = registryUrl): Promise<Ran> {
  return run(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'scripts', 'audit-gate.ts'),
      '--cwd',
      FIXTURE,
      '--today',
      TODAY,
      ...args,
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        npm_config_registry: registryAt,
        npm_config_cache: join(work, 'npm-cache'),
        npm_config_fetch_retries: '0',
        NPM_AUDIT_UNREACHABLE: '',
      },
    },
  );
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'audit-gate-'));
  registry = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST' && request.url?.endsWith('/security/advisories/bulk')) {
        const raw = Buffer.concat(chunks);
        const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        askedFor.push(...Object.keys(JSON.parse(body.toString('utf8')) as object));
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify(ADVISORIES));
        return;
      }
      // Packuments: npm tolerates their absence when it works out fixes.
      response.statusCode = 404;
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
  registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`;
  auditOutput = (
    await run('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], {
      cwd: FIXTURE,
      env: {
        ...process.env,
        npm_config_registry: registryUrl,
        npm_config_cache: join(work, 'npm-cache'),
      },
    })
  ).stdout;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => registry.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

describe('audit gate on the fixture lockfile', () => {
  it('asks the registry about production dependencies only', () => {
    expect(askedFor).toContain('vulnerable-lib');
    expect(askedFor).not.toContain('dev-only-lib');
  });

  it('fails on the seeded high-severity advisory, naming it', () => {
    const verdict = judgeAudit(auditOutput, [], TODAY);
    expect(verdict.outcome).toBe('fail');
    expect(verdict.outcome === 'fail' && verdict.findings).toEqual([
      {
        id: SEEDED,
        package: 'vulnerable-lib',
        severity: 'high',
        title: 'Prototype pollution leading to code execution',
        url: `https://github.com/advisories/${SEEDED}`,
      },
    ]);
  });

  it('exits 1 from the command line on the seeded advisory', async () => {
    const allowlist = join(work, 'none.json');
    writeFileSync(allowlist, '{"advisories":[]}');
    const result = await gate(['--allowlist', allowlist]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`high ${SEEDED} in vulnerable-lib`);
  }, 120_000);

  it('passes when a reviewed, unexpired allowlist entry covers the advisory', () => {
    const verdict = judgeAudit(auditOutput, [entry()], TODAY);
    expect(verdict).toMatchObject({ outcome: 'pass', allowed: [{ id: SEEDED }] });
  });

  it('holds an entry through its expiry day and fails the day after', () => {
    expect(judgeAudit(auditOutput, [entry({ expires: TODAY })], TODAY).outcome).toBe('pass');
    const verdict = judgeAudit(auditOutput, [entry({ expires: '2026-12-01' })], TODAY);
    expect(verdict).toMatchObject({ outcome: 'fail', expired: [{ id: SEEDED }] });
  });

  it('does not let an entry for another package cover the advisory', () => {
    expect(judgeAudit(auditOutput, [entry({ package: 'other-lib' })], TODAY).outcome).toBe('fail');
  });

  it('fails closed (exit 2) when the audit endpoint is unreachable, and only warns when told to', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise((resolve) => closed.close(resolve));
    const allowlist = join(work, 'empty.json');
    writeFileSync(allowlist, '{"advisories":[]}');

    const strict = await gate(['--allowlist', allowlist], deadUrl);
    expect(strict.status).toBe(2);
    expect(strict.stderr).toContain('FAILED CLOSED');

    const lenient = await gate(['--allowlist', allowlist, '--unreachable', 'warn'], deadUrl);
    expect(lenient.status).toBe(0);
    expect(lenient.stderr).toContain('AUDIT NOT RUN');
  }, 240_000);
});

describe('the allowlist', () => {
  it('requires a GHSA id, a package, a reason, a reviewer and an expiry day', () => {
    expect(parseAllowlist({ advisories: [entry()] })).toEqual([entry()]);
    expect(() => parseAllowlist({ advisories: [{ ...entry(), reason: 'fine' }] })).toThrow(
      AllowlistError,
    );
    expect(() => parseAllowlist({ advisories: [{ ...entry(), expires: 'never' }] })).toThrow(
      /expires/,
    );
    expect(() => parseAllowlist({ advisories: [{ ...entry(), id: 'CVE-2026-1' }] })).toThrow(
      /GHSA/,
    );
    expect(() => parseAllowlist({})).toThrow(/advisories/);
  });

  it('in .ci/ is valid', async () => {
    const { readFile } = await import('node:fs/promises');
    const file = JSON.parse(await readFile(join(ROOT, '.ci', 'audit-allowlist.json'), 'utf8'));
    expect(() => parseAllowlist(file)).not.toThrow();
  });
});

describe('reports that are not reports', () => {
  it('treats npm error output and empty output as unavailable, not as a pass', () => {
    expect(judgeAudit('', [], TODAY).outcome).toBe('unavailable');
    expect(
      judgeAudit('{"message":"405 Method Not Allowed","error":{"summary":""}}', [], TODAY),
    ).toEqual({ outcome: 'unavailable', reason: '405 Method Not Allowed' });
  });

  it('passes moderate and low findings', () => {
    const moderate = {
      vulnerabilities: {
        x: { via: [{ source: 3, name: 'x', url: '', severity: 'moderate', title: 't' }] },
      },
    };
    expect(judgeAudit(JSON.stringify(moderate), [], TODAY).outcome).toBe('pass');
  });
});
