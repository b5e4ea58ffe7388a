import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, startSqsEmulator } from '../../functions/local/emulators.js';
import { startLocalStack } from './localstack.js';

/**
 * Starts one DynamoDB Local and one fauxqs for the whole run and hands their
 * endpoints to the tests (see `test/support/emulators.ts`).
 * With `TEST_BACKEND=localstack`, one LocalStack container serves both instead.
 * Returns the teardown that stops them.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const backend = process.env.TEST_BACKEND ?? 'embedded';
  if (backend === 'localstack') {
    const localstack = await startLocalStack();
    project.provide('dynamoEndpoint', localstack.endpoint);
    project.provide('sqsEndpoint', localstack.endpoint);
    return async function teardown() {
      await localstack.stop();
    };
  }
  if (backend !== 'embedded') {
    throw new Error(
      `TEST_BACKEND must be "embedded" (the default) or "localstack", got "${backend}".`,
    );
  }

  const [dynamo, sqs] = await Promise.all([startDynamoDbLocal(), startSqsEmulator()]);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('sqsEndpoint', sqs.endpoint);

  return async function teardown() {
    await Promise.all([dynamo.stop(), sqs.stop()]);
  };
}
