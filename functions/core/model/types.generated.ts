/* Generated from schemas/*.schema.json by scripts/generate-types.ts — do not edit; run `npm run generate:types`. */

/**
 * RFC 3339 date-time with an explicit offset (Z or ±hh:mm); one without an offset is rejected.
 */
export type Timestamp = string;
/**
 * Calendar date (YYYY-MM-DD).
 */
export type CalendarDate = string;
/**
 * The date the incident, event or threat was registered (004 Annex 3, 001 Annex 7: «тіркелген күні»). A date-time with an offset is also accepted and stored as its date in Asia/Almaty, so a notice and the card it leads to agree.
 */
export type RegistrationDate = string;
/**
 * Identifier of a registered party.
 */
export type PartyId = string;
/**
 * An identifier chosen by the sender (registry id, the SOC's own incident id).
 */
export type Reference = string;
export type Name = string;
/**
 * Free text.
 */
export type Text = string;
export type RequiredText = string;
/**
 * Annex 3: 4 high (Жоғары), 3 medium (Орташа), 2 low (Төмен), 1 undetermined (Анықталмаған; reviewed within 48 h).
 */
export type Severity = 4 | 3 | 2 | 1;
export type IncidentType =
  | 'dos_ddos'
  | 'unauthorized_access'
  | 'botnet'
  | 'virus_attack'
  | 'ransomware'
  | 'vulnerability_exploitation'
  | 'credential_disclosure'
  | 'phishing'
  | 'spam'
  | 'other';
export type Scale = 'individual' | 'mass';
export type Recurrence = 'new' | 'repeat';
export type IocType =
  | 'ipv4'
  | 'ipv6'
  | 'cidr'
  | 'domain'
  | 'url'
  | 'email'
  | 'md5'
  | 'sha1'
  | 'sha256'
  | 'filename'
  | 'other';
export type Sign = 'actual' | 'attempt' | 'suspicion';
export type Perimeter = 'internal' | 'external';
export type Consequence = 'none' | 'availability' | 'integrity' | 'confidentiality';
export type ObjectKind = 'egov_object' | 'critical_ict_object' | 'other';
export type NoticeKind = 'threat' | 'event' | 'incident';
export type ResponseKind =
  'threat_analysis' | 'event_analysis' | 'incident_card' | 'incident_not_confirmed';
/**
 * 001 Annex 6: why a vulnerability is not eliminated (Өндірістік қажеттілік, Нөлдік күн осалдығы, Жалған іске қосылу).
 */
export type NonEliminationReason = 'production_need' | 'zero_day' | 'false_positive';
export type Tlp = 'clear' | 'green' | 'amber' | 'red';
export type Sector =
  | 'heat'
  | 'electricity'
  | 'gas'
  | 'water'
  | 'industry'
  | 'healthcare'
  | 'communications'
  | 'banking'
  | 'transport'
  | 'hydraulic'
  | 'law_enforcement'
  | 'egov';
export type Role = 'soc' | 'ncc' | 'owner' | 'authority' | 'admin';
export type ObligationKind =
  | 'notify_ncc'
  | 'notify_owner'
  | 'card'
  | 'severity_review'
  | 'notice_ack'
  | 'notice_response'
  | 'elimination'
  | 'notify_responsible'
  | 'contact_change'
  | 'vulnerability_report'
  | 'vulnerability_measures'
  | 'vulnerability_elimination'
  | 'vulnerability_correction';
export type ObligationState = 'open' | 'satisfied' | 'satisfied_late' | 'missed' | 'waived';
/**
 * @maxItems 500
 */
export type Iocs = Ioc[];
/**
 * RFC 3339 date-time with an explicit offset (Z or ±hh:mm); one without an offset is rejected.
 */
export type Timestamp1 = string;
/**
 * Free text.
 */
export type Text1 = string;
/**
 * RFC 3339 date-time with an explicit offset (Z or ±hh:mm); one without an offset is rejected.
 */
export type Timestamp2 = string;
/**
 * RFC 3339 date-time with an explicit offset (Z or ±hh:mm); one without an offset is rejected.
 */
export type Timestamp3 = string;
/**
 * An identifier chosen by the sender (registry id, the SOC's own incident id).
 */
export type Reference1 = string;
/**
 * RFC 3339 date-time with an explicit offset (Z or ±hh:mm); one without an offset is rejected.
 */
export type Timestamp4 = string;
/**
 * Annex 5 column 2: external or internal contour (Сыртқы/Ішкі контур).
 */
export type Perimeter1 = 'internal' | 'external';
/**
 * Annex 5 column 3: the name of the object.
 */
export type Name1 = string;
/**
 * Annex 5 column 4: the component of the object (name, IP, hostname, …).
 */
export type RequiredText1 = string;
/**
 * Annex 5 column 6: the description of the vulnerability.
 */
export type RequiredText2 = string;
/**
 * Free text.
 */
export type Text2 = string;
/**
 * RFC 3339 date-time with an explicit offset (Z or ±hh:mm); one without an offset is rejected.
 */
export type Timestamp5 = string;
/**
 * Free text.
 */
export type Text3 = string;
/**
 * RFC 3339 date-time with an explicit offset (Z or ±hh:mm); one without an offset is rejected.
 */
export type Timestamp6 = string;

export interface GatewayMessages {
  timestamp?: Timestamp;
  date?: CalendarDate;
  registrationDate?: RegistrationDate;
  partyId?: PartyId;
  reference?: Reference;
  name?: Name;
  text?: Text;
  requiredText?: RequiredText;
  severity?: Severity;
  incidentType?: IncidentType;
  scale?: Scale;
  recurrence?: Recurrence;
  iocType?: IocType;
  sign?: Sign;
  perimeter?: Perimeter;
  consequence?: Consequence;
  objectKind?: ObjectKind;
  noticeKind?: NoticeKind;
  responseKind?: ResponseKind;
  nonEliminationReason?: NonEliminationReason;
  tlp?: Tlp;
  sector?: Sector;
  role?: Role;
  obligationKind?: ObligationKind;
  obligationState?: ObligationState;
  ioc?: Ioc;
  iocs?: Iocs;
  affectedObject?: AffectedObject;
  incidentDetails?: IncidentDetails;
  incidentFields?: IncidentFields;
  IncidentNotification?: IncidentNotification;
  IncidentCard?: IncidentCard;
  IncidentClosure?: IncidentClosure;
  NccNotice?: NccNotice;
  NoticeResponse?: NoticeResponse;
  Party?: Party;
  ContactChange?: ContactChange;
  warning?: Warning;
  obligationStatus?: ObligationStatus;
  Receipt?: Receipt;
  Vulnerability?: Vulnerability;
}
/**
 * Indicator of compromise; the value is checked against its type.
 */
export interface Ioc {
  type: IocType;
  value: string;
}
/**
 * The damaged object: registry id and/or name, kind, owner party; an owner or holder that is not a registered party is named as text in ownerName (001 Annex 7: «ЭҮ АО иесі немесе иеленушісі»).
 */
export interface AffectedObject {
  id?: Reference;
  name?: Name;
  kind: ObjectKind;
  owner?: PartyId;
  ownerName?: Name;
}
export interface IncidentDetails {
  occurredAt?: Timestamp;
  confirmedAt: Timestamp;
  recurrence?: Recurrence;
  iocs?: Iocs;
}
/**
 * Every field of the Annex 3 card. A notification requires a few of them; a complete card requires all.
 */
export interface IncidentFields {
  socReference?: Reference;
  registeredAt?: RegistrationDate;
  severity?: Severity;
  type?: IncidentType;
  scale?: Scale;
  details?: IncidentDetails;
  sign?: Sign;
  perimeter?: Perimeter;
  description?: RequiredText;
  /**
   * @minItems 1
   * @maxItems 4
   */
  consequences?: Consequence[];
  affectedObject?: AffectedObject;
  actionsTaken?: Text;
  note?: Text;
}
/**
 * The 15-minute notice (004 п.9): the Annex 3 model with only confirmedAt, severity, type, affectedObject and a short description required. A notification that carries every card field is a complete card and satisfies `card` too. XML root element: incidentNotification (or incidentCard).
 */
export interface IncidentNotification {
  socReference: Reference;
  registeredAt?: RegistrationDate;
  severity: Severity;
  type: IncidentType;
  scale?: Scale;
  details: IncidentDetails;
  sign?: Sign;
  perimeter?: Perimeter;
  description: RequiredText;
  /**
   * @minItems 1
   * @maxItems 4
   */
  consequences?: Consequence[];
  affectedObject: AffectedObject;
  actionsTaken?: Text;
  note?: Text;
}
/**
 * The complete incident card of Annex 3 to the 2026 amendment. XML root element: incidentCard.
 */
export interface IncidentCard {
  socReference: Reference;
  registeredAt: RegistrationDate;
  severity: Severity;
  type: IncidentType;
  scale: Scale;
  details: {
    occurredAt: Timestamp;
    confirmedAt: Timestamp;
    recurrence: Recurrence;
    iocs: Iocs;
  };
  sign: Sign;
  perimeter: Perimeter;
  description: RequiredText;
  /**
   * @minItems 1
   * @maxItems 4
   */
  consequences: Consequence[];
  affectedObject: AffectedObject;
  actionsTaken: Text;
  note?: Text;
}
/**
 * The SOC declares the incident's causes eliminated (001 п.10(1)); satisfies `elimination`. XML root element: incidentClosure.
 */
export interface IncidentClosure {
  eliminatedAt: Timestamp;
  actionsTaken?: Text;
  note?: Text;
}
/**
 * A notice from the NCC to SOCs about a threat, an event or an incident (fields of 001 Annex 7). Recipients are party ids and/or sectors. For kind incident and event, the fields Annex 7 lists without «if available» are required too (checked by the gateway): detectedAt, sourceIp, deviceName, eventName, recurrence, affectedObject. XML root element: nccNotice.
 */
export interface NccNotice {
  kind: NoticeKind;
  registeredAt: RegistrationDate;
  notifiedAt?: Timestamp1;
  detectedAt?: Timestamp;
  sourceIp?: string;
  targetIp?: string;
  deviceName?: Name;
  eventName?: Name;
  /**
   * File path or request.
   */
  request?: string;
  responseCode?: number;
  triggerCount?: number;
  sourceOrganization?: Name;
  recurrence?: Recurrence;
  description: RequiredText;
  affectedObject?: AffectedObject;
  iocs?: Iocs;
  note?: Text;
  tlp: Tlp;
  /**
   * At least one party or sector.
   */
  recipients: {
    /**
     * @maxItems 200
     */
    parties?: PartyId[];
    /**
     * @maxItems 12
     */
    sectors?: Sector[];
  };
}
/**
 * A SOC's answer to an NCC notice (004 п.9, within 72 h): a threat analysis, an event analysis, an incident card (which opens an incident), or, for an incident notice the SOC cannot confirm, incident_not_confirmed with its analysis in results (no card is owed). XML root element: noticeResponse.
 */
export interface NoticeResponse {
  kind: ResponseKind;
  results?: Text1;
  card?: IncidentCard;
}
/**
 * A registered party (PUT /v1/parties/{id}): role, sectors, webhook, objects and per-party policy (Unified Requirements п.90-1). XML root element: party.
 */
export interface Party {
  role: Role;
  name: Name;
  /**
   * OAuth2 client id whose tokens act as this party (defaults to the party id).
   */
  clientId?: string;
  /**
   * @maxItems 12
   */
  sectors?: Sector[];
  webhook?: {
    url: string;
    secret: string;
  };
  /**
   * @maxItems 1000
   */
  objects?: AffectedObject[];
  /**
   * The person responsible for the information security of the party's objects (001 п.16). When the details change, the owner reports them within 48 hours of changedAt, the moment of the change; the gateway records when it received them (the contact_change clock).
   */
  contact?: {
    name: Name;
    phone?: string;
    email?: string;
    changedAt: Timestamp;
  };
  /**
   * The escalation ladder of an `ncc` party (docs/contract.md §2, issue #9 item 8): who hears of a miss at level 2 when no NCC party acknowledged level 1 within level2AfterHours. Only for role ncc.
   */
  escalation?: {
    /**
     * Registered party ids that receive level 2 (e.g. the NCC head's endpoint).
     *
     * @minItems 1
     * @maxItems 20
     */
    level2Recipients?: string[];
    /**
     * Hours after level 1 without an acknowledgement before level 2 goes out (default 24).
     */
    level2AfterHours?: number;
  };
  policy?: {
    allowedKinds?: (
      | 'incident'
      | 'card'
      | 'closure'
      | 'notice'
      | 'notice_ack'
      | 'notice_response'
      | 'delivery_ack'
      | 'vulnerability'
    )[];
    ratePerMinute?: number;
    authFailureLimit?: number;
    inactivityDays?: number;
    noticeAckMinutes?: number;
    reminderAt?: number;
    /**
     * Registered connection points (п.90-1(1)): source addresses as CIDRs (IPv4 or IPv6). A request from anywhere else is refused; an empty or absent list accepts any source (weaker).
     *
     * @maxItems 50
     */
    connectionPoints?: string[];
    /**
     * Rate-limit breaches (429) within strikeWindowMinutes that block the connection (п.90-1(3)).
     */
    rateBreachLimit?: number;
    /**
     * Requests with signs of an IS violation (entity declarations, over-limit nesting or size) within strikeWindowMinutes that block the connection (п.90-1(3)).
     */
    hostileInputLimit?: number;
    /**
     * The window in which rate breaches and hostile requests are counted (default 60).
     */
    strikeWindowMinutes?: number;
    /**
     * Items a party may read through listings in one clock hour before the connection is blocked as copying of data arrays (п.90-1(3)).
     */
    readLimitPerHour?: number;
    /**
     * Days a client credential may be used; the party is reminded 7 days before, and blocked at expiry (п.90-1(4)).
     */
    credentialMaxAgeDays?: number;
  };
}
/**
 * 001 п.16: a party reports the current contact details of the person responsible for the information security of its objects (PUT /v1/parties/{id}/contact, the caller's own party). For an owner, a changedAt other than the registered one is a change, and its 48-hour contact_change clock is settled when the gateway receives it. XML root element: contactChange.
 */
export interface ContactChange {
  name: Name;
  phone?: string;
  email?: string;
  changedAt: Timestamp2;
}
export interface Warning {
  pointer?: string;
  code: string;
  message: string;
}
export interface ObligationStatus {
  kind: ObligationKind;
  state: ObligationState;
  dueAt: Timestamp;
  dueAtNational?: Timestamp3;
  lateBySeconds?: number;
  /**
   * lateBySeconds as an ISO 8601 duration (PT5M, PT26H); present only on satisfied_late.
   */
  lateBy?: string;
}
/**
 * What the gateway answers for every accepted message. XML root element: receipt.
 */
export interface Receipt {
  /**
   * Gateway id of the incident, notice or response.
   */
  id: string;
  receivedAt: Timestamp;
  /**
   * Card version (1 for the first message).
   */
  version: number;
  /**
   * SHA-256 of the raw body as received, lowercase hex.
   */
  sha256: string;
  warnings: Warning[];
  obligations: ObligationStatus[];
}
/**
 * 001 п.13, Annex 5: the list of data on a vulnerability of an object, sent by its owner (or the owner's SOC) within 24 hours of detecting it; when it is not eliminated, the Annex 6 reason category and its justification. XML root element: vulnerability.
 */
export interface Vulnerability {
  reference: Reference1;
  detectedAt: Timestamp4;
  contour: Perimeter1;
  objectName: Name1;
  object?: AffectedObject;
  component: RequiredText1;
  /**
   * Annex 5 column 5: the port.
   */
  port?: number;
  description: RequiredText2;
  additionalInfo?: Text2;
  scanResultsAt?: Timestamp5;
  measuresTaken?: Text3;
  eliminatedAt?: Timestamp6;
  /**
   * 001 п.13, Annex 6: the vulnerability is not eliminated; the category, its justification, and for production_need the elimination date (no later than 6 months from first detection).
   */
  notEliminated?: {
    reason: NonEliminationReason;
    justification: RequiredText;
    eliminateBy?: CalendarDate;
  };
}
