/**
 * The supply-chain gate's decision, kept apart from running npm so it can be tested on
 * any report: which high or critical advisories in an `npm audit --json` report are not
 * covered by a reviewed, unexpired allowlist entry (003 Methodology п.6: open-source
 * libraries checked for known vulnerabilities with international identifiers).
 */

/** Severities that fail the gate (`npm audit --audit-level=high`). */
export const FAILING_SEVERITIES: readonly string[] = ['high', 'critical'];

/** One reviewed exception: an advisory the project accepts for a while, and why. */
export interface AllowlistEntry {
  /** GitHub advisory id, e.g. `GHSA-xxxx-xxxx-xxxx`. */
  id: string;
  /** The package the advisory is about. */
  package: string;
  /** Why it cannot bite here (unreachable code path, dev-only use, no fix yet…). */
  reason: string;
  /** Who reviewed it. */
  reviewedBy: string;
  /** Last day (UTC, `YYYY-MM-DD`) the exception holds; after it the gate fails again. */
  expires: string;
}

/** A high or critical advisory found in the production dependency tree. */
export interface Finding {
  id: string;
  package: string;
  severity: string;
  title: string;
  url: string;
}

export type GateVerdict =
  | { outcome: 'pass'; allowed: Finding[]; findings: [] }
  | { outcome: 'fail'; allowed: Finding[]; findings: Finding[]; expired: AllowlistEntry[] }
  /** npm could not produce a report (registry or audit endpoint unreachable, refused). */
  | { outcome: 'unavailable'; reason: string };

export class AllowlistError extends Error {
  override name = 'AllowlistError';
}

const GHSA = /GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Checks the allowlist file's shape: every entry needs an id, a package, a reason, a reviewer and an expiry. */
export function parseAllowlist(json: unknown): AllowlistEntry[] {
  const entries = (json as { advisories?: unknown } | null)?.advisories;
  if (!Array.isArray(entries))
    throw new AllowlistError('The allowlist needs an "advisories" array.');
  return entries.map((entry: unknown, index) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const text = (key: string, min = 1) => {
      const value = e[key];
      if (typeof value !== 'string' || value.trim().length < min)
        throw new AllowlistError(
          `advisories[${index}].${key} is required${min > 1 ? ` (at least ${min} characters)` : ''}.`,
        );
      return value;
    };
    const id = text('id');
    if (!GHSA.test(id)) throw new AllowlistError(`advisories[${index}].id is not a GHSA id: ${id}`);
    const expires = text('expires');
    if (!DAY.test(expires) || Number.isNaN(Date.parse(`${expires}T00:00:00Z`)))
      throw new AllowlistError(`advisories[${index}].expires is not a YYYY-MM-DD day: ${expires}`);
    return {
      id,
      package: text('package'),
      reason: text('reason', 20),
      reviewedBy: text('reviewedBy'),
      expires,
    };
  });
}

/** The high and critical advisories of an npm audit report (format 2), each once. */
export function findingsOf(report: unknown): Finding[] | undefined {
  const vulnerabilities = (report as { vulnerabilities?: unknown } | null)?.vulnerabilities;
  if (typeof vulnerabilities !== 'object' || vulnerabilities === null) return undefined;
  const byKey = new Map<string, Finding>();
  for (const vulnerability of Object.values(vulnerabilities as Record<string, unknown>)) {
    const via = (vulnerability as { via?: unknown }).via;
    if (!Array.isArray(via)) continue;
    // A string in `via` names another vulnerable package; its advisory is listed under it.
    for (const advisory of via) {
      if (typeof advisory !== 'object' || advisory === null) continue;
      const a = advisory as Record<string, unknown>;
      const severity = String(a.severity ?? '');
      if (!FAILING_SEVERITIES.includes(severity)) continue;
      const url = String(a.url ?? '');
      const id = GHSA.exec(url)?.[0] ?? `npm-advisory-${String(a.source ?? 'unknown')}`;
      const pkg = String(a.name ?? '');
      byKey.set(`${id} ${pkg}`, { id, package: pkg, severity, title: String(a.title ?? ''), url });
    }
  }
  return [...byKey.values()].sort((x, y) => x.id.localeCompare(y.id));
}

/**
 * The verdict on one `npm audit --json` output. `today` is a UTC day (`YYYY-MM-DD`); an
 * entry holds through its `expires` day. Output that is not a report (npm's error object,
 * empty output) is `unavailable`: the caller decides, and `.ci/run` fails closed.
 */
export function judgeAudit(
  output: string,
  allowlist: readonly AllowlistEntry[],
  today: string,
): GateVerdict {
  let report: unknown;
  try {
    report = JSON.parse(output);
  } catch {
    return { outcome: 'unavailable', reason: 'npm audit printed no JSON report' };
  }
  const findings = findingsOf(report);
  if (!findings) {
    const error = (report as { error?: { summary?: string }; message?: string } | null) ?? {};
    return {
      outcome: 'unavailable',
      reason: error.message ?? error.error?.summary ?? 'npm audit returned no vulnerability report',
    };
  }
  const live = allowlist.filter((entry) => entry.expires >= today);
  const expired = allowlist.filter((entry) => entry.expires < today);
  const covered = (f: Finding) => live.some((e) => e.id === f.id && e.package === f.package);
  const allowed = findings.filter(covered);
  const open = findings.filter((f) => !covered(f));
  // An expired entry fails the gate only while its advisory is still there.
  const stillNeeded = expired.filter((e) =>
    findings.some((f) => f.id === e.id && f.package === e.package),
  );
  return open.length === 0
    ? { outcome: 'pass', allowed, findings: [] }
    : { outcome: 'fail', allowed, findings: open, expired: stillNeeded };
}
