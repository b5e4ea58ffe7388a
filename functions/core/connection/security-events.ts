/**
 * The stable `securityEvent` codes of the gateway's structured log lines (docs/contract.md §6):
 * alarms and SIEM rules match on these, never on message text. One code per kind of
 * event, written once, where the event happens.
 */
export const SECURITY_EVENT = {
  /** A bearer token failed verification (401). */
  authFailed: 'auth_failed',
  /** A request came from outside the party's registered connection points (403). */
  connectionPointRefused: 'connection_point_refused',
  /** A request went around the CloudFront edge to the API's own endpoint (403). */
  edgeBypassRefused: 'edge_bypass_refused',
  /** A blocked connection tried again (403). */
  blockedAttempt: 'blocked_connection_attempt',
  connectionBlocked: 'connection_blocked',
  connectionUnblocked: 'connection_unblocked',
  /** A party passed its rate limit (429). */
  rateBreach: 'rate_breach',
  /** A request carried signs of an IS violation (entity declarations, over-limit nesting or size). */
  hostileInput: 'hostile_input',
  /** A party read more items in an hour than its policy allows. */
  bulkReading: 'bulk_reading',
  /** An audit chain or digest failed verification. */
  auditChainBroken: 'audit_chain_broken',
  /** An administrator reissued a party's client credentials (п.90-1(10)). */
  credentialsReissued: 'credentials_reissued',
  /** A token issued before its party's credentials were reissued was refused (401). */
  reissuedTokenRefused: 'reissued_token_refused',
} as const;

export type SecurityEvent = (typeof SECURITY_EVENT)[keyof typeof SECURITY_EVENT];
