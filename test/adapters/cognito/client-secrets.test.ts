/**
 * The Cognito client-secret adapter (issue #9 item 3, п.90-1(10)) through the real SDK
 * client, over HTTP, against the recording proxy's Cognito stand-in (Cognito has no
 * emulator on npm): a reissue leaves exactly the secret it returns, also after an earlier
 * reissue was interrupted with two secrets on the client, and an unreachable Cognito is
 * a 503-class error that changed nothing.
 */
import {
  AddUserPoolClientSecretCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedClientOptions } from '../../../functions/adapters/aws-client-options.js';
import { createCognitoClientSecrets } from '../../../functions/adapters/cognito/client-secrets.js';
import { DependencyUnavailableError } from '../../../functions/core/errors.js';
import { type RecordingProxy, startRecordingProxy } from '../../support/recording-proxy.js';

const POOL = 'us-east-1_AdapterTest';
let proxy: RecordingProxy;

function cognitoAt(endpoint: string) {
  return new CognitoIdentityProviderClient(
    sharedClientOptions({ region: 'us-east-1', endpoint, maxAttempts: 1 }),
  );
}

beforeAll(async () => {
  // Nothing here reaches DynamoDB or SQS: the proxy answers Cognito itself.
  proxy = await startRecordingProxy({ dynamodb: 'http://127.0.0.1:9', sqs: 'http://127.0.0.1:9' });
});

afterAll(async () => {
  await proxy?.close();
});

describe('Cognito client secrets', () => {
  it('replaces the client’s secret: only the returned one is left', async () => {
    const secrets = createCognitoClientSecrets(cognitoAt(proxy.endpoint), POOL);
    expect(proxy.clientSecrets('client-a')).toEqual(['initial-client-a']);

    const replaced = await secrets.replace('client-a');

    expect(replaced?.clientSecret).toMatch(/^new-secret-/);
    expect(proxy.clientSecrets('client-a')).toEqual([replaced?.clientSecret]);
    expect(
      proxy.calls.filter((c) => c.resource.kind === 'userPool').map((c) => c.resource),
    ).toContainEqual({ kind: 'userPool', userPoolId: POOL });
  });

  it('makes room when an interrupted reissue left two secrets, and still leaves only the new one', async () => {
    const cognito = cognitoAt(proxy.endpoint);
    await cognito.send(
      new AddUserPoolClientSecretCommand({ UserPoolId: POOL, ClientId: 'client-b' }),
    );
    expect(proxy.clientSecrets('client-b')).toHaveLength(2);

    const replaced = await createCognitoClientSecrets(cognito, POOL).replace('client-b');

    expect(proxy.clientSecrets('client-b')).toEqual([replaced?.clientSecret]);
  });

  it('is DependencyUnavailableError when Cognito cannot be reached', async () => {
    const secrets = createCognitoClientSecrets(cognitoAt('http://127.0.0.1:9'), POOL);

    await expect(secrets.replace('client-c')).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});
