/**
 * An HTTP proxy in front of DynamoDB Local and fauxqs (SQS and S3) that writes down every
 * AWS call a function makes, as the IAM actions and resources AWS would authorise it
 * against (issue #13 item 1, grant test (a)). Calls pass through unchanged to the real
 * emulators; S3 is reached path-style (`/<bucket>/<key>`), as the gateway's S3 client
 * does whenever an endpoint is set. KMS has no emulator on npm, so the proxy answers GenerateDataKey and
 * Decrypt itself with a reversible stand-in: enough to record the calls and let the
 * envelope code round-trip; it protects nothing. Sign and GetPublicKey answer with a
 * P-256 key made per proxy, as an ECC_NIST_P256 SIGN_VERIFY key would (DER signature,
 * SPKI public key), so a digest signed through it verifies through it.
 * Cognito's app-client secrets likewise (list, add, delete), kept per client so a
 * test can see which secrets are left.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Where a recorded action applies: a table (or one of its indexes), a queue, a key. */
export type RecordedResource =
  | { kind: 'table'; table: string; index?: string }
  | { kind: 'queue'; queueUrl: string }
  | { kind: 'key'; keyId: string }
  /** A bucket (ListBucket, CreateBucket) or one object in it. */
  | { kind: 'bucket'; bucket: string; key?: string }
  | { kind: 'userPool'; userPoolId: string };

export interface RecordedCall {
  /** The function (Lambda entry name) that made the call. */
  fn: string;
  /** The API operation as sent (`TransactWriteItems`). */
  operation: string;
  /** The IAM action it is authorised as, e.g. `dynamodb:UpdateItem`. */
  action: string;
  resource: RecordedResource;
}

export interface RecordingProxy {
  endpoint: string;
  calls: RecordedCall[];
  /** The Cognito stand-in's secrets of an app client, oldest first. */
  clientSecrets(clientId: string): string[];
  /** The function whose calls are being made now. */
  setFunction(name: string): void;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

/** TransactWriteItems and TransactGetItems are authorised item by item. */
const TRANSACT_ITEM_ACTIONS: Record<string, string> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
  Get: 'GetItem',
};

/** SQS batch operations are authorised as their single-message action. */
const SQS_BATCH_ACTIONS: Record<string, string> = {
  SendMessageBatch: 'SendMessage',
  DeleteMessageBatch: 'DeleteMessage',
  ChangeMessageVisibilityBatch: 'ChangeMessageVisibility',
};

function dynamoActions(operation: string, body: Json): Array<Omit<RecordedCall, 'fn'>> {
  if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
    const items = (body.TransactItems as Array<Record<string, Json>>) ?? [];
    return items.flatMap((item) =>
      Object.entries(item).map(([kind, detail]) => ({
        operation,
        action: `dynamodb:${TRANSACT_ITEM_ACTIONS[kind] ?? kind}`,
        resource: { kind: 'table' as const, table: String(detail.TableName) },
      })),
    );
  }
  if (operation === 'BatchGetItem' || operation === 'BatchWriteItem') {
    return Object.keys((body.RequestItems as Json) ?? {}).map((table) => ({
      operation,
      action: `dynamodb:${operation}`,
      resource: { kind: 'table' as const, table },
    }));
  }
  return [
    {
      operation,
      action: `dynamodb:${operation}`,
      resource: {
        kind: 'table',
        table: String(body.TableName),
        ...(typeof body.IndexName === 'string' ? { index: body.IndexName } : {}),
      },
    },
  ];
}

/**
 * S3 is REST: the action follows from the method and whether the path names an object.
 * HeadObject is authorised as s3:GetObject, ListObjectsV2 as s3:ListBucket.
 */
function s3Action(method: string, url: URL): Omit<RecordedCall, 'fn'> {
  const [bucket = '', ...rest] = url.pathname.slice(1).split('/');
  const key = rest.length > 0 ? decodeURIComponent(rest.join('/')) : undefined;
  const resource = { kind: 'bucket' as const, bucket, ...(key ? { key } : {}) };
  if (key === undefined) {
    const operation =
      method === 'PUT' ? 'CreateBucket' : method === 'HEAD' ? 'HeadBucket' : 'ListObjectsV2';
    const action = operation === 'CreateBucket' ? 's3:CreateBucket' : 's3:ListBucket';
    return { operation, action, resource };
  }
  const operation =
    method === 'PUT'
      ? 'PutObject'
      : method === 'HEAD'
        ? 'HeadObject'
        : method === 'DELETE'
          ? 'DeleteObject'
          : 'GetObject';
  const action = operation === 'HeadObject' ? 's3:GetObject' : `s3:${operation}`;
  return { operation, action, resource };
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function forward(
  upstream: string,
  request: IncomingMessage,
  body: Buffer,
  response: ServerResponse,
): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (name === 'host' || name === 'connection' || name === 'content-length') continue;
    if (typeof value === 'string') headers.set(name, value);
  }
  const answer = await fetch(new URL(request.url ?? '/', upstream), {
    method: request.method ?? 'POST',
    headers,
    ...(body.byteLength > 0 ? { body } : {}),
  });
  const out = Buffer.from(await answer.arrayBuffer());
  const outHeaders: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    if (name !== 'content-encoding' && name !== 'transfer-encoding' && name !== 'connection')
      outHeaders[name] = value;
  });
  outHeaders['content-length'] = String(out.byteLength);
  response.writeHead(answer.status, outHeaders).end(out);
}

/** Answers as an AWS JSON-protocol service does (the KMS and Cognito stand-ins). */
function sendJson(response: ServerResponse, status: number, value: Json): void {
  response
    .writeHead(status, { 'content-type': 'application/x-amz-json-1.1' })
    .end(JSON.stringify(value));
}

const STAND_IN_PREFIX = Buffer.from('kms-stand-in:');

/** The stand-in's signing key (one per test process). */
const SIGNING_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' });

/** The KMS stand-in: a data key and its "ciphertext" (the key behind a marker); a signing key. */
function answerKms(operation: string, body: Json, response: ServerResponse): void {
  const send = (status: number, value: Json) => sendJson(response, status, value);
  const keyId = String(body.KeyId ?? 'arn:aws:kms:us-east-1:000000000000:key/stand-in');
  if (operation === 'GenerateDataKey') {
    const plaintext = Buffer.alloc(Number(body.NumberOfBytes ?? 32), 7);
    for (let i = 0; i < plaintext.length; i += 1) plaintext[i] = (i * 31 + 7) & 0xff;
    send(200, {
      KeyId: keyId,
      Plaintext: plaintext.toString('base64'),
      CiphertextBlob: Buffer.concat([STAND_IN_PREFIX, plaintext]).toString('base64'),
    });
    return;
  }
  if (operation === 'Decrypt') {
    const blob = Buffer.from(String(body.CiphertextBlob ?? ''), 'base64');
    send(200, {
      KeyId: keyId,
      Plaintext: blob.subarray(STAND_IN_PREFIX.length).toString('base64'),
    });
    return;
  }
  if (operation === 'Sign') {
    const message = Buffer.from(String(body.Message ?? ''), 'base64');
    send(200, {
      KeyId: keyId,
      SigningAlgorithm: body.SigningAlgorithm,
      Signature: sign('sha256', message, SIGNING_KEY.privateKey).toString('base64'),
    });
    return;
  }
  if (operation === 'GetPublicKey') {
    send(200, {
      KeyId: keyId,
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
      SigningAlgorithms: ['ECDSA_SHA_256'],
      PublicKey: SIGNING_KEY.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    });
    return;
  }
  send(400, { __type: 'UnsupportedOperationException', message: operation });
}

interface StandInSecret {
  id: string;
  value: string;
  created: number;
}

/**
 * The Cognito stand-in: each app client starts with one secret and holds at most two, as
 * Cognito does (AddUserPoolClientSecret refuses a third).
 */
function cognitoStandIn() {
  const clients = new Map<string, StandInSecret[]>();
  let serial = 0;
  const secretsOf = (clientId: string) => {
    let found = clients.get(clientId);
    if (found === undefined) {
      serial += 1;
      found = [{ id: `secret-${serial}`, value: `initial-${clientId}`, created: serial }];
      clients.set(clientId, found);
    }
    return found;
  };
  return {
    secretsOf,
    answer(operation: string, body: Json, response: ServerResponse): void {
      const send = (status: number, value: Json) => sendJson(response, status, value);
      const secrets = secretsOf(String(body.ClientId));
      if (operation === 'ListUserPoolClientSecrets') {
        send(200, {
          ClientSecrets: secrets.map((s) => ({
            ClientSecretId: s.id,
            ClientSecretCreateDate: s.created,
          })),
        });
        return;
      }
      if (operation === 'AddUserPoolClientSecret') {
        if (secrets.length >= 2) {
          send(400, { __type: 'LimitExceededException', message: 'At most two secrets' });
          return;
        }
        serial += 1;
        const added = { id: `secret-${serial}`, value: `new-secret-${serial}`, created: serial };
        secrets.push(added);
        send(200, {
          ClientSecretDescriptor: {
            ClientSecretId: added.id,
            ClientSecretValue: added.value,
            ClientSecretCreateDate: added.created,
          },
        });
        return;
      }
      if (operation === 'DeleteUserPoolClientSecret') {
        const at = secrets.findIndex((s) => s.id === body.ClientSecretId);
        if (at < 0) {
          send(400, { __type: 'ResourceNotFoundException', message: 'No such secret' });
          return;
        }
        secrets.splice(at, 1);
        send(200, {});
        return;
      }
      send(400, { __type: 'UnsupportedOperationException', message: operation });
    },
  };
}

/** Starts the proxy on a free loopback port. */
export async function startRecordingProxy(upstreams: {
  dynamodb: string;
  sqs: string;
  /** fauxqs serves S3 on its SQS endpoint; another S3 emulator may be named here. */
  s3?: string;
}): Promise<RecordingProxy> {
  const calls: RecordedCall[] = [];
  const cognito = cognitoStandIn();
  let fn = '(none)';
  const server = createServer((request, response) => {
    void (async () => {
      const body = await bodyOf(request);
      const target = String(request.headers['x-amz-target'] ?? '');
      // S3 sends no target: its SigV4 credential scope names the service.
      if (target === '' && /\/s3\/aws4_request/.test(String(request.headers.authorization))) {
        const url = new URL(request.url ?? '/', 'http://proxy');
        calls.push({ fn, ...s3Action(request.method ?? 'GET', url) });
        return forward(upstreams.s3 ?? upstreams.sqs, request, body, response);
      }
      const [service = '', operation = ''] = target.split('.');
      const json = body.byteLength > 0 ? (JSON.parse(body.toString('utf8')) as Json) : {};
      if (service.startsWith('DynamoDB_')) {
        calls.push(...dynamoActions(operation, json).map((call) => ({ fn, ...call })));
        return forward(upstreams.dynamodb, request, body, response);
      }
      if (service === 'AmazonSQS') {
        calls.push({
          fn,
          operation,
          action: `sqs:${SQS_BATCH_ACTIONS[operation] ?? operation}`,
          resource: { kind: 'queue', queueUrl: String(json.QueueUrl) },
        });
        return forward(upstreams.sqs, request, body, response);
      }
      if (service === 'TrentService') {
        calls.push({
          fn,
          operation,
          action: `kms:${operation}`,
          resource: { kind: 'key', keyId: String(json.KeyId ?? '(from the ciphertext)') },
        });
        return answerKms(operation, json, response);
      }
      if (service === 'AWSCognitoIdentityProviderService') {
        calls.push({
          fn,
          operation,
          action: `cognito-idp:${operation}`,
          resource: { kind: 'userPool', userPoolId: String(json.UserPoolId) },
        });
        return cognito.answer(operation, json, response);
      }
      response.writeHead(400).end(`Unknown target "${target}"`);
    })().catch((error: unknown) => {
      response.writeHead(502).end(String(error));
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    clientSecrets: (clientId) => cognito.secretsOf(clientId).map((s) => s.value),
    setFunction(name) {
      fn = name;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
