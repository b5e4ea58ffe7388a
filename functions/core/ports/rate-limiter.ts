/** Per-party request budget (Unified Requirements п.90-1: per-party rate limit, docs/contract.md §6). */
export interface RateLimiter {
  /**
   * Takes one request from the party's budget for the current minute. Returns the
   * seconds until the next window when the budget is spent, undefined when allowed.
   */
  take(partyId: string, perMinute: number, nowMs: number): Promise<number | undefined>;
}
