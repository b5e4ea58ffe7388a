/**
 * CPU time spent by this process and by the DynamoDB Local JVM. On a shared machine
 * wall-clock throughput moves with everyone else's load; CPU time per operation moves
 * much less, and it shows which side of the emulator boundary the time goes to.
 * The JVM is found through /proc (Linux); elsewhere only this process is measured.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s. */
const TICKS_PER_SECOND = 100;

export interface CpuSample {
  /** This process (gateway, load generator, fauxqs, webhook receiver), user + system, ms. */
  processMs: number;
  /** The DynamoDB Local JVM, user + system, ms; undefined when it could not be found. */
  emulatorMs: number | undefined;
}

/** The pid of the DynamoDB Local listening on `endpoint`'s port, if /proc shows it. */
function findEmulatorPid(endpoint: string): string | undefined {
  const port = new URL(endpoint).port;
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let args: string[];
      try {
        args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      } catch {
        continue; // The process ended while we looked.
      }
      const portAt = args.indexOf('-port');
      if (args.some((a) => a.endsWith('DynamoDBLocal.jar')) && args[portAt + 1] === port)
        return pid;
    }
  } catch {
    // No /proc (not Linux).
  }
  return undefined;
}

/** CPU time (user + system, ms) of process `pid` so far, from /proc; undefined elsewhere. */
export function processCpuMs(pid: string): number | undefined {
  try {
    // Fields after the command name, which may itself contain spaces: utime and stime are 14th and 15th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

/** A reader of cumulative CPU time for this process and the emulator at `dynamoEndpoint`. */
export function cpuMeter(dynamoEndpoint: string): () => CpuSample {
  const pid = findEmulatorPid(dynamoEndpoint);
  return () => {
    const usage = process.cpuUsage();
    return {
      processMs: (usage.user + usage.system) / 1000,
      emulatorMs: pid === undefined ? undefined : processCpuMs(pid),
    };
  };
}

/** CPU spent between two samples. */
export function cpuSpent(from: CpuSample, to: CpuSample): CpuSample {
  return {
    processMs: to.processMs - from.processMs,
    emulatorMs:
      from.emulatorMs === undefined || to.emulatorMs === undefined
        ? undefined
        : to.emulatorMs - from.emulatorMs,
  };
}
