/**
 * Cognito app-client secrets (issue #9 item 3, п.90-1(10)): a reissue adds a new secret
 * and deletes every other, so the party's old secret stops minting tokens at once.
 * Cognito keeps at most two secrets per client (AddUserPoolClientSecret), so a secret
 * left behind by an earlier, interrupted reissue is deleted before the new one is added.
 */
import {
  AddUserPoolClientSecretCommand,
  CognitoIdentityProviderClient,
  DeleteUserPoolClientSecretCommand,
  ListUserPoolClientSecretsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DependencyUnavailableError } from '../../core/errors.js';
import type { ClientSecrets } from '../../core/ports/client-secrets.js';
import { type AwsClientConfig, sharedClientOptions } from '../aws-client-options.js';

interface SecretDescriptor {
  ClientSecretId?: string | undefined;
  ClientSecretCreateDate?: Date | undefined;
}

/** Oldest first, so that what is kept of a full list is the newest. */
function byAge(a: SecretDescriptor, b: SecretDescriptor): number {
  return (a.ClientSecretCreateDate?.getTime() ?? 0) - (b.ClientSecretCreateDate?.getTime() ?? 0);
}

export function createCognitoClientSecrets(
  cognito: Pick<CognitoIdentityProviderClient, 'send'>,
  userPoolId: string,
): ClientSecrets {
  const remove = (ClientId: string, secrets: SecretDescriptor[]) =>
    Promise.all(
      secrets.map((secret) =>
        cognito.send(
          new DeleteUserPoolClientSecretCommand({
            UserPoolId: userPoolId,
            ClientId,
            ClientSecretId: secret.ClientSecretId,
          }),
        ),
      ),
    );
  return {
    async replace(clientId) {
      try {
        const listed = await cognito.send(
          new ListUserPoolClientSecretsCommand({ UserPoolId: userPoolId, ClientId: clientId }),
        );
        const before = [...(listed.ClientSecrets ?? [])].sort(byAge);
        // Room for the new secret: keep at most one (the newest) while adding.
        await remove(clientId, before.slice(0, Math.max(0, before.length - 1)));
        const added = await cognito.send(
          new AddUserPoolClientSecretCommand({ UserPoolId: userPoolId, ClientId: clientId }),
        );
        const secret = added.ClientSecretDescriptor;
        if (!secret?.ClientSecretValue || !secret.ClientSecretId)
          throw new Error('Cognito AddUserPoolClientSecret returned no secret');
        await remove(clientId, before.slice(-1));
        return { clientSecret: secret.ClientSecretValue };
      } catch (cause) {
        // Until the last delete, the old secret still works and the new one was never
        // shown: the reissue has not taken effect, and repeating it is safe.
        throw new DependencyUnavailableError('Amazon Cognito', { cause });
      }
    },
  };
}

/** The adapter on the process's Cognito client, for the user pool `USER_POOL_ID` names. */
export function cognitoClientSecrets(config: {
  aws: AwsClientConfig;
  userPoolId?: string;
}): ClientSecrets {
  if (!config.userPoolId)
    throw new Error('USER_POOL_ID is required where client secrets are replaced.');
  return createCognitoClientSecrets(
    new CognitoIdentityProviderClient(sharedClientOptions(config.aws)),
    config.userPoolId,
  );
}
