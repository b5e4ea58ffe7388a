/**
 * Closed-loop load for the end-to-end sections: a fixed number of workers, each sending
 * its next operation as soon as the previous one is answered, for a fixed time. Also the
 * keep-alive HTTP client they use (node:http: it costs the shared CPU less than fetch,
 * and the client runs in the same process as the gateway it measures).
 */
import { Agent, request as httpRequest, type OutgoingHttpHeaders } from 'node:http';

export interface LoadResult {
  /** Operations that succeeded. */
  completed: number;
  /** Operations that threw (an HTTP status other than the expected one counts). */
  errors: number;
  /** The first few error messages, for the report. */
  errorSamples: string[];
  /** Latency of each successful operation, in ms. */
  latenciesMs: number[];
  elapsedMs: number;
  /** Successful operations per second. */
  opsPerSecond: number;
}

/** Runs `operation(i)` from `concurrency` workers for `durationMs`; in-flight ones finish. */
export async function closedLoop(
  concurrency: number,
  durationMs: number,
  operation: (index: number) => Promise<void>,
): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  async function worker(): Promise<void> {
    while (performance.now() < deadline) {
      const index = next++;
      const sent = performance.now();
      try {
        await operation(index);
        latenciesMs.push(performance.now() - sent);
      } catch (error) {
        errors += 1;
        if (errorSamples.length < 3)
          errorSamples.push(error instanceof Error ? error.message : String(error));
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = performance.now() - started;
  return {
    completed: latenciesMs.length,
    errors,
    errorSamples,
    latenciesMs,
    elapsedMs,
    opsPerSecond: (latenciesMs.length * 1000) / elapsedMs,
  };
}

/** The nearest-rank percentile (`p` in 0–1) of `values`; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export interface HttpAnswer {
  status: number;
  body: string;
}

export interface KeepAliveClient {
  send(
    method: string,
    path: string,
    headers: OutgoingHttpHeaders,
    body?: Buffer,
  ): Promise<HttpAnswer>;
  /** Closes the pooled connections. */
  close(): void;
}

/** A client holding at most `maxSockets` keep-alive connections to `baseUrl`. */
export function keepAliveClient(baseUrl: string, maxSockets: number): KeepAliveClient {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const { hostname, port } = new URL(baseUrl);
  return {
    send(method, path, headers, body) {
      return new Promise((resolve, reject) => {
        const outgoing = httpRequest(
          {
            agent,
            hostname,
            port,
            method,
            path,
            headers: body === undefined ? headers : { ...headers, 'content-length': body.length },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('error', reject);
            response.on('end', () =>
              resolve({
                status: response.statusCode ?? 0,
                body: Buffer.concat(chunks).toString('utf8'),
              }),
            );
          },
        );
        outgoing.on('error', reject);
        outgoing.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
