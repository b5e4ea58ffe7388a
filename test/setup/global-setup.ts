import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, startSqsEmulator } from '../../functions/local/emulators.js';

/**
 * Starts one DynamoDB Local and one fauxqs for the whole run and hands their
 * endpoints to the tests (see `test/support/emulators.ts`).
 * Returns the teardown that stops them.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [dynamo, sqs] = await Promise.all([startDynamoDbLocal(), startSqsEmulator()]);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('sqsEndpoint', sqs.endpoint);

  return async function teardown() {
    await Promise.all([dynamo.stop(), sqs.stop()]);
  };
}
