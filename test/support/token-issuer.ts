/**
 * A stand-in for the Cognito user pool as the Lambda authorizer sees it: an RS256 key
 * pair, its key set served over HTTP at `<issuer>/.well-known/jwks.json`, and
 * client-credentials access tokens shaped like Cognito's.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, SignJWT } from 'jose';

export interface TokenOptions {
  /** Sign with a key outside the published set. */
  foreignKey?: boolean;
  kid?: string;
  /** `exp − iat` in seconds (default 3 000). */
  lifetime?: number;
  tokenUse?: string;
}

export interface TokenIssuer {
  issuer: string;
  /** A signed access token for `clientId` with the scope of `role`. */
  token(clientId: string, role: string, options?: TokenOptions): Promise<string>;
  close(): Promise<void>;
}

export async function startTokenIssuer(): Promise<TokenIssuer> {
  const pair = await generateKeyPair('RS256');
  const foreign: CryptoKey = (await generateKeyPair('RS256')).privateKey;
  const jwks = JSON.stringify({
    keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'pool-key-1', alg: 'RS256' }],
  });
  const server = createServer((request, response) => {
    if (request.url === '/pool/.well-known/jwks.json')
      response.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    else response.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pool`;
  return {
    issuer,
    token(clientId, role, options = {}) {
      const iat = Math.floor(Date.now() / 1000) - 5;
      return new SignJWT({
        client_id: clientId,
        scope: `ncc-gateway/${role}`,
        token_use: options.tokenUse ?? 'access',
      })
        .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'pool-key-1' })
        .setIssuer(issuer)
        .setIssuedAt(iat)
        .setExpirationTime(iat + (options.lifetime ?? 3_000))
        .sign(options.foreignKey ? foreign : pair.privateKey);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
