/**
 * @deprecated The gateway's storage is split into narrow per-aggregate ports (one file
 * each in this folder; `Ports` in ports.ts names them all). This module only
 * re-exports them for code written before the split; import from the narrow port.
 */
export type { AttemptOutcome, DeliveryStore, FinalAttempt } from './deliveries.js';
export type { DeliveryQueue } from './delivery-queue.js';
export type { IdempotencyClaim, IdempotencyStore } from './idempotency.js';
export type {
  IncidentDetail,
  IncidentFilter,
  IncidentStore,
  IncidentUpdateWrite,
  NewIncidentWrite,
} from './incidents.js';
export type { NewNoticeWrite, NoticeResponseWrite, NoticeStore } from './notices.js';
export type {
  ObligationChange,
  ObligationFilter,
  ObligationStore,
  ObligationTransition,
} from './obligations.js';
export type { Page, PageRequest } from './paging.js';
export type { PartyStore } from './parties.js';
export { ClaimTakenError, StaleWriteError } from './write-conflicts.js';
