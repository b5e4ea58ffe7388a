/**
 * The 001 п.16 clock (issue #11 item 10): when the contact details of the person
 * responsible for an object's information security change, the owner or holder sends
 * the current details within 48 hours of the change. The gateway learns of a change
 * only when it is reported, so the clock is settled the moment it becomes known: on
 * time, or late by how much. It lives on the party record (its `contactReports`) rather
 * than as a stored obligation; the reports read it from there like any other clock.
 */
import type { ContactReport, PartyRecord } from '../ports/records.js';
import { MAX_CONTACT_REPORTS } from '../ports/records.js';
import { formatInstant, instantOf } from '../time.js';
import type { Obligation } from './obligations.js';
import { DEFAULT_CLOCK_POLICY, OBLIGATION_RULES } from './rules.js';

/**
 * An owner's contact reports after a registration: a `changedAt` that differs from the
 * registered contact's is a change reported `now` (the duty is the owner's, "АҚҚМ меншік
 * иесі немесе иеленушісі"). A party's first contact is a registration, not a change.
 */
export function contactReportsAfter(
  existing: PartyRecord | undefined,
  next: { role: string; contact?: { changedAt: string } },
  now: string,
): ContactReport[] | undefined {
  const reports = existing?.contactReports ?? [];
  const before = existing?.contact?.changedAt;
  const contact = next.contact;
  if (next.role !== 'owner' || contact === undefined || before === undefined)
    return reports.length > 0 ? reports : undefined;
  const changedAt = formatInstant(instantOf(contact.changedAt));
  if (changedAt === formatInstant(instantOf(before))) return reports;
  if (reports.some((r) => r.changedAt === changedAt)) return reports;
  return keptReports([...reports, { changedAt, reportedAt: now }]);
}

/**
 * At most {@link MAX_CONTACT_REPORTS} (the party record stays small), dropping the oldest
 * on-time report first and a late one only when every report is late. The owner chooses
 * `changedAt` (it may report its own changes), so dropping by age alone would let fifty
 * prompt reports push a late one out of the compliance and quarterly reports.
 */
function keptReports(reports: ContactReport[]): ContactReport[] {
  let excess = reports.length - MAX_CONTACT_REPORTS;
  if (excess <= 0) return reports;
  const kept = reports.filter((report) => {
    if (excess > 0 && !isLate(report)) {
      excess -= 1;
      return false;
    }
    return true;
  });
  return kept.slice(-MAX_CONTACT_REPORTS);
}

function isLate(report: ContactReport): boolean {
  const dueMs =
    instantOf(report.changedAt) + OBLIGATION_RULES.contact_change.windowMs(DEFAULT_CLOCK_POLICY);
  return instantOf(report.reportedAt) > dueMs;
}

/** Each reported change as a settled `contact_change` obligation owed by the party. */
export function contactChangeObligations(party: PartyRecord): Obligation[] {
  return (party.contactReports ?? []).map((report) => {
    const startMs = instantOf(report.changedAt);
    const dueMs = startMs + OBLIGATION_RULES.contact_change.windowMs(DEFAULT_CLOCK_POLICY);
    const lateMs = instantOf(report.reportedAt) - dueMs;
    return {
      id: `${party.id}@${report.changedAt}#contact_change#${party.id}`,
      kind: 'contact_change',
      subjectId: `${party.id}@${report.changedAt}`,
      owedBy: party.id,
      startsAt: report.changedAt,
      dueAt: formatInstant(dueMs),
      satisfiedAt: report.reportedAt,
      ...(lateMs > 0
        ? { state: 'satisfied_late' as const, lateBySeconds: Math.round(lateMs / 1000) }
        : { state: 'satisfied' as const }),
    };
  });
}
