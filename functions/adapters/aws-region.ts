/**
 * The region when nothing names one: the emulators' and tests' region. On Lambda,
 * AWS_REGION is always set; this is the only place the default is written. Its own
 * module, so reading configuration (`handlers/config.ts`) does not load what the SDK
 * clients share (`aws-client-options.ts`: node:http and node:https, their keep-alive
 * agents): a public route has no SDK client and need not pay for them at cold start.
 */
export const DEFAULT_REGION = 'us-east-1';
