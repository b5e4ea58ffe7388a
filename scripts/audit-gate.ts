/**
 * `npm run audit-gate` — the supply-chain gate of `.ci/run`:
 * `npm audit --omit=dev --audit-level=high`, minus the reviewed exceptions in
 * `.ci/audit-allowlist.json` (each with a reason, a reviewer and an expiry day).
 *
 * Exit 0: no high or critical advisory outside the allowlist. Exit 1: at least one, or an
 * allowlist entry without reason/expiry. Exit 2: npm produced no report (registry or audit
 * endpoint unreachable or refusing): the gate FAILS CLOSED, because an unchecked tree is
 * not a checked one. `--unreachable warn` (or NPM_AUDIT_UNREACHABLE=warn) turns exit 2
 * into a loud warning and exit 0, for a machine that is known to have no audit endpoint;
 * see docs/supply-chain.md.
 *
 * Options: `--report <file>` judges a saved `npm audit --json` output instead of running
 * npm; `--allowlist <file>`; `--today YYYY-MM-DD` (tests).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type GateVerdict, judgeAudit, parseAllowlist } from './supply-chain/audit-gate.js';

const AUDIT_ARGS = ['audit', '--omit=dev', '--audit-level=high', '--json'];
/** npm retries a dead registry for minutes; the gate gives up sooner and fails closed. */
const AUDIT_TIMEOUT_MS = 120_000;

function runNpmAudit(cwd: string): string {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, AUDIT_ARGS, {
    cwd,
    encoding: 'utf8',
    timeout: AUDIT_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  // npm exits 1 when it found something at the audit level; the JSON says what.
  return result.stdout ?? '';
}

function report(verdict: GateVerdict, unreachable: 'fail' | 'warn'): number {
  switch (verdict.outcome) {
    case 'pass':
      for (const f of verdict.allowed)
        console.log(`audit-gate: allowed ${f.severity} ${f.id} in ${f.package} (allowlist)`);
      console.log('audit-gate: no high or critical advisory in the production dependencies');
      return 0;
    case 'fail':
      for (const f of verdict.findings)
        console.error(`audit-gate: ${f.severity} ${f.id} in ${f.package}: ${f.title} ${f.url}`);
      for (const e of verdict.expired)
        console.error(`audit-gate: allowlist entry ${e.id} (${e.package}) expired on ${e.expires}`);
      console.error(
        `audit-gate: FAILED, ${verdict.findings.length} high or critical advisory(ies) not in .ci/audit-allowlist.json`,
      );
      return 1;
    case 'unavailable':
      if (unreachable === 'warn') {
        console.error(
          `audit-gate: WARNING, AUDIT NOT RUN (${verdict.reason}); allowed by --unreachable warn`,
        );
        return 0;
      }
      console.error(
        `audit-gate: FAILED CLOSED, npm audit gave no report (${verdict.reason}). Fix the registry access, or run with NPM_AUDIT_UNREACHABLE=warn on a machine known to lack the audit endpoint.`,
      );
      return 2;
  }
}

function main(): number {
  const { values } = parseArgs({
    options: {
      report: { type: 'string' },
      allowlist: { type: 'string', default: '.ci/audit-allowlist.json' },
      unreachable: { type: 'string', default: process.env.NPM_AUDIT_UNREACHABLE || 'fail' },
      cwd: { type: 'string', default: process.cwd() },
      today: { type: 'string', default: new Date().toISOString().slice(0, 10) },
    },
    strict: true,
  });
  if (values.unreachable !== 'fail' && values.unreachable !== 'warn') {
    console.error('audit-gate: --unreachable must be "fail" or "warn"');
    return 2;
  }
  let allowlist: ReturnType<typeof parseAllowlist>;
  try {
    allowlist = parseAllowlist(JSON.parse(readFileSync(values.allowlist, 'utf8')));
  } catch (error) {
    console.error(`audit-gate: FAILED, ${values.allowlist}: ${(error as Error).message}`);
    return 1;
  }
  const output = values.report ? readFileSync(values.report, 'utf8') : runNpmAudit(values.cwd);
  return report(judgeAudit(output, allowlist, values.today), values.unreachable);
}

process.exitCode = main();
