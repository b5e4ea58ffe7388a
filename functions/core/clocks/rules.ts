/**
 * The legal clocks of docs/contract.md §2, one row per obligation: how long the window is and
 * which rule it comes from. This table is the one place a deadline is written.
 */
import type { NoticeKind, ObligationKind, ResponseKind } from '../model/messages.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, nationalDayEndMs } from '../time.js';

/** Per-party settings that change a clock (docs/contract.md §10 `policy`). */
export interface ClockPolicy {
  /** Minutes a SOC has to acknowledge an NCC notice (gateway policy; default 15). */
  noticeAckMinutes: number;
  /** Fraction of the window after which the owing party is reminded (default 0.8). */
  reminderAt: number;
}

export const DEFAULT_CLOCK_POLICY: ClockPolicy = { noticeAckMinutes: 15, reminderAt: 0.8 };

interface ObligationRule {
  /** The window from clock start to due time. */
  windowMs: (policy: ClockPolicy) => number;
  /**
   * When the rule counts calendar days rather than hours: the due instant from the start
   * (the end of the last national day). Absent: start + window.
   */
  dueMs?: (startMs: number, policy: ClockPolicy) => number;
  /** Where the obligation comes from. */
  source: string;
}

export const OBLIGATION_RULES: Readonly<Record<ObligationKind, ObligationRule>> = {
  // 004 п.9: notify the NCC within 15 minutes of confirming the incident.
  notify_ncc: { windowMs: () => 15 * MINUTE_MS, source: '004 п.9' },
  // 004 п.9: the owner hears within the same 15 minutes; the gateway delivers, the owner acknowledges.
  notify_owner: { windowMs: () => 15 * MINUTE_MS, source: '004 п.9' },
  // 004 п.9: the complete Annex 3 card within 72 hours of confirmation.
  card: { windowMs: () => 72 * HOUR_MS, source: '004 п.9' },
  // 004 Annex 3 note: severity 1 (undetermined) must be reviewed within 48 hours.
  severity_review: { windowMs: () => 48 * HOUR_MS, source: '004 Annex 3 note' },
  // Gateway policy: acknowledge a delivered NCC notice (per-party setting, default 15 minutes).
  notice_ack: {
    windowMs: (policy) => policy.noticeAckMinutes * MINUTE_MS,
    source: 'gateway policy',
  },
  // 004 п.9: "хабарландырылған сәттен бастап 72 (жетпіс екі) сағат ішінде" — from when the
  // gateway made the notice available to the SOC, never an NCC-supplied notifiedAt.
  notice_response: { windowMs: () => 72 * HOUR_MS, source: '004 п.9' },
  // 001 п.10(1): "себептері мен салдарын … расталған сәттен бастап 72 сағат ішінде жоймаған
  // жағдайда ҚР ҰҚК-ні хабардар ету" — e-government objects only (chapter 2).
  elimination: { windowMs: () => 72 * HOUR_MS, source: '001 п.10(1)' },
  // 001 п.10(1): the NCC notifies those responsible for the object "анықталған сәттен бастап
  // 30 минут ішінде" with the Annex 7 list — owed by the NCC, from the stated detectedAt.
  notify_responsible: { windowMs: () => 30 * MINUTE_MS, source: '001 п.10(1)' },
  // 001 п.16: "байланыс деректері өзгерген жағдайда, АҚҚМ меншік иесі немесе иеленушісі аталған
  // өзгеріс сәтінен бастап 48 сағат ішінде "МТҚ" АҚ-ға өзекті байланыс деректерін жолдайды".
  contact_change: { windowMs: () => 48 * HOUR_MS, source: '001 п.16' },
  // 001 п.13: "осалдықды өз бетінше анықтаған жағдайда, осалдық анықталған сәттен бастап 24
  // сағат ішінде ... 5-қосымшаға сәйкес нысан бойынша" — a self-detected vulnerability,
  // from the stated detectedAt; satisfied by the report reaching the gateway.
  vulnerability_report: { windowMs: () => 24 * HOUR_MS, source: '001 п.13' },
  // 001 п.13: "зерттеп-қарау нәтижелерін алған күннен жиырма күнтізбелік күн ішінде ...
  // осалдықтарды жою үшін қабылданған шаралар туралы ақпаратты жолдайды" — 20 calendar days
  // from the national day of scanResultsAt: due at the end of the 20th day after it.
  vulnerability_measures: {
    windowMs: () => 20 * DAY_MS,
    dueMs: (startMs) => nationalDayEndMs(startMs, 20),
    source: '001 п.13',
  },
  // The window is the longest six months can be; the date the owner states decides the due
  // instant (the end of that national day). 001 Annex 6, «Өндірістік қажеттілік»: "бірінші рет
  // анықталған күннен бастап алты айдан аспайтын осалдықты жою мерзімдері".
  vulnerability_elimination: { windowMs: () => 184 * DAY_MS, source: '001 Annex 6' },
  // 001 п.23: "хабарландыру алғаннан кейін отыз күнтізбелік күн ішінде анықталған осалдықтарды
  // түзетеді" — the critical ICT object's owner, from the report reaching it, to the end of the 30th day.
  vulnerability_correction: {
    windowMs: () => 30 * DAY_MS,
    dueMs: (startMs) => nationalDayEndMs(startMs, 30),
    source: '001 п.23',
  },
};

/** The due instant of a rule's clock started at `startMs`. */
export function dueMsOf(kind: ObligationKind, startMs: number, policy: ClockPolicy): number {
  const rule = OBLIGATION_RULES[kind];
  return rule.dueMs?.(startMs, policy) ?? startMs + rule.windowMs(policy);
}

/**
 * Which response kinds answer which notice kind (004 п.9). An analysis that finds
 * an incident answers with the incident card, so a card answers every kind.
 */
export const RESPONSES_SATISFYING: Readonly<Record<NoticeKind, readonly ResponseKind[]>> = {
  threat: ['threat_analysis', 'incident_card'],
  event: ['event_analysis', 'incident_card'],
  // 004 п.9: the card is owed "оқыс оқиғасы расталған кезде" (when the incident is
  // confirmed); an incident the SOC cannot confirm is answered with its analysis.
  incident: ['incident_card', 'incident_not_confirmed'],
};
