import type { Issue } from '../errors.js';
import { labelOf, TYPICAL_TYPES_BY_SEVERITY } from './catalogue.js';

/**
 * 004 Annex 3 lists typical incident types per severity level ("Маңыздылық деңгей |
 * Белгілері | … үлгілері"); a warning only for a pairing the printed table lacks. An unusual pairing
 * (e.g. `spam` at severity 4) is accepted with a warning in the receipt, never rejected:
 * the SOC knows its incident better than the table does.
 */
export function severityAdvice(severity: unknown, type: unknown): Issue[] {
  if (typeof severity !== 'number' || typeof type !== 'string') return [];
  const typical = TYPICAL_TYPES_BY_SEVERITY[String(severity)];
  if (!typical || typical.length === 0 || typical.includes(type)) return [];
  return [
    {
      pointer: '/severity',
      code: 'atypical_severity_for_type',
      message: `Type "${type}" is not typical for severity ${severity} (${labelOf('severity', severity, 'en')}) in the Annex 3 table; accepted as sent, please double-check.`,
    },
  ];
}
