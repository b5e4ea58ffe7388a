/**
 * The bench card for the end-to-end sections: the ~2 KB complete card of `fixtures.ts`,
 * with its times moved to just before now (the gateway refuses cards from the future, and
 * real time runs in these sections) and a placeholder where each request's unique
 * socReference goes.
 */
import { benchCard } from './fixtures.js';

/** Replaced by each request's socReference (itself a valid one, so the template validates). */
export const REFERENCE_PLACEHOLDER = 'SOC-REFERENCE-PLACEHOLDER';

/** An RFC 3339 instant `agoMs` before now in the national zone (+05:00), as SOCs send them. */
export function nationalTime(agoMs: number): string {
  const local = new Date(Date.now() - agoMs + 5 * 3_600_000).toISOString().slice(0, 23);
  return `${local}+05:00`;
}

/** The card as JSON text, confirmed `confirmedAgoMs` ago, socReference = {@link REFERENCE_PLACEHOLDER}. */
export function cardTemplate(confirmedAgoMs = 120_000): string {
  const card = benchCard() as Record<string, unknown> & {
    registeredAt: string;
    details: { occurredAt: string; confirmedAt: string };
  };
  card.socReference = REFERENCE_PLACEHOLDER;
  card.details.confirmedAt = nationalTime(confirmedAgoMs);
  card.details.occurredAt = nationalTime(confirmedAgoMs + 15 * 60_000);
  card.registeredAt = card.details.confirmedAt.slice(0, 10);
  return JSON.stringify(card);
}

/** The template with a reference filled in. */
export function cardWithReference(template: string, socReference: string): string {
  return template.replace(REFERENCE_PLACEHOLDER, socReference);
}
