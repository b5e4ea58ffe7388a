/**
 * `TEST_BACKEND=localstack`: one LocalStack container (through @testcontainers/localstack)
 * stands in for both DynamoDB Local and fauxqs, so the same integration tests run
 * against LocalStack's DynamoDB and SQS. Needs a Docker engine; without one the run
 * fails at once with one line saying so, never passing without having run.
 */
import { LocalstackContainer } from '@testcontainers/localstack';

/**
 * LocalStack images from 2026.03 on need a LOCALSTACK_AUTH_TOKEN; the last free
 * community release is pinned. Override with LOCALSTACK_IMAGE (and pass the token).
 */
export const DEFAULT_LOCALSTACK_IMAGE = 'localstack/localstack:4.12';

export interface RunningLocalStack {
  /** One endpoint for every service (`http://host:port`). */
  endpoint: string;
  stop(): Promise<void>;
}

/** No Docker engine answered: the error's message is the one line to print. */
export class NoDockerEngineError extends Error {
  override name = 'NoDockerEngineError';

  constructor(reason: string) {
    super(`TEST_BACKEND=localstack needs a Docker engine; none is reachable (${reason})`);
    // Vitest prints a global-setup error with its stack; this one is the whole story.
    this.stack = this.message;
  }
}

// testcontainers' words when it finds no Docker socket, DOCKER_HOST or Podman.
const NO_RUNTIME =
  /container runtime strategy|docker.*(not running|ENOENT|ECONNREFUSED)|connect ENOENT/i;

export async function startLocalStack(
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningLocalStack> {
  const image = env.LOCALSTACK_IMAGE ?? DEFAULT_LOCALSTACK_IMAGE;
  const container = new LocalstackContainer(image).withEnvironment({
    SERVICES: 'dynamodb,sqs',
    ...(env.LOCALSTACK_AUTH_TOKEN ? { LOCALSTACK_AUTH_TOKEN: env.LOCALSTACK_AUTH_TOKEN } : {}),
  });
  let started: Awaited<ReturnType<LocalstackContainer['start']>>;
  try {
    started = await container.start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (NO_RUNTIME.test(message)) throw new NoDockerEngineError(message.split('\n')[0] ?? message);
    throw new Error(`LocalStack (${image}) did not start: ${message}`, { cause: error });
  }
  return {
    endpoint: started.getConnectionUri(),
    stop: async () => {
      await started.stop();
    },
  };
}
