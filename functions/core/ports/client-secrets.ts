/**
 * The secrets parties authenticate with to get their tokens (OAuth2 client credentials):
 * Cognito app-client secrets on AWS. After an incident an admin reissues a party's
 * credentials (Unified Requirements п.90-1(10)); the gateway's own check refuses tokens
 * issued before the reissue, and this port makes sure the old secret cannot mint new ones.
 */
export interface ClientSecrets {
  /**
   * Gives the client a new secret and removes every other, so only the returned one works.
   * Safe to repeat after a failure part-way (a secret added but never returned is removed
   * by the next call). `undefined` where tokens are issued without a client secret: the
   * embedded stack mints them from its development key (`npm run token`).
   */
  replace(clientId: string): Promise<{ clientSecret: string } | undefined>;
}

/** The embedded stack's: no client secrets exist, so there is nothing to replace. */
export const NO_CLIENT_SECRETS: ClientSecrets = {
  replace: async () => undefined,
};
