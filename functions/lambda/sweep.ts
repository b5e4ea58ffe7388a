/** Lambda entry point: the clock sweep, invoked by the EventBridge Scheduler rule. */
import { runtimeFromEnv } from '../handlers/runtime.js';
import { buildSweep } from '../handlers/schedule/sweep.js';
import { sweepDeps } from '../handlers/worker-deps.js';

export const handler = buildSweep(sweepDeps(runtimeFromEnv()));
