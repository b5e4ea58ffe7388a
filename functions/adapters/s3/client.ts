import { S3Client } from '@aws-sdk/client-s3';
import {
  type AwsClientConfig,
  sharedClientOptions,
  withoutSdkLogging,
} from '../aws-client-options.js';

/**
 * Builds an S3 client that fails fast when its endpoint is down. An emulator (fauxqs in
 * the tests, the grant test's recording proxy) is reached path-style: the bucket in the
 * path, not in a `<bucket>.localhost` host name nothing resolves.
 */
export function createS3Client(config: AwsClientConfig): S3Client {
  return withoutSdkLogging(
    new S3Client({
      ...sharedClientOptions(config),
      ...(config.endpoint === undefined ? {} : { forcePathStyle: true }),
    }),
  );
}

/** The part of the gateway's configuration an S3 adapter reads. */
export interface S3Settings {
  aws: AwsClientConfig;
  serviceEndpoints?: { s3?: string };
}

const clients = new WeakMap<S3Settings, S3Client>();

/** One S3 client per configuration (per process on Lambda), shared by the S3 adapters. */
export function s3ClientFor(settings: S3Settings): S3Client {
  let client = clients.get(settings);
  if (client === undefined) {
    const endpoint = settings.serviceEndpoints?.s3;
    client = createS3Client(endpoint === undefined ? settings.aws : { ...settings.aws, endpoint });
    clients.set(settings, client);
  }
  return client;
}
