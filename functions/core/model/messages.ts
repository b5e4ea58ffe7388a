/** The canonical model's types, by message form (generated from the schemas). */
import type { MessageFormName } from './schemas.js';
import type {
  ContactChange,
  IncidentCard,
  IncidentClosure,
  IncidentNotification,
  NccNotice,
  NoticeResponse,
  Party,
  Receipt,
  Vulnerability,
} from './types.generated.js';

export type * from './types.generated.js';

export interface MessageOfForm {
  incidentNotification: IncidentNotification;
  incidentCard: IncidentCard;
  incidentClosure: IncidentClosure;
  nccNotice: NccNotice;
  noticeResponse: NoticeResponse;
  party: Party;
  contactChange: ContactChange;
  receipt: Receipt;
  vulnerability: Vulnerability;
}

// Compile-time check that every form has a type.
export type CheckAllFormsTyped = MessageOfForm[MessageFormName];
