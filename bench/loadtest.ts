/**
 * The commissioning load test's profile (docs/loadtest.md, issue #15 item 7) run against
 * the embedded stack: the same streams `npm run loadtest` sends to a deployed gateway
 * (41 SOCs posting incidents over 8 connections, a notice to all of them every 10 s, the
 * compliance report read once a second), through autocannon, for 30 s (10 s quick).
 */
import { registerLoadProfile, runLoadtest } from '../scripts/load/run-loadtest.js';
import { startBenchGateway } from './local-stack.js';
import type { BenchOptions, BenchSection } from './report.js';

const SOCS = 41;

export async function loadtestBench(options: BenchOptions): Promise<BenchSection> {
  const stack = await startBenchGateway();
  try {
    const { gateway } = stack;
    const { socs, ncc } = await registerLoadProfile(SOCS, {
      register: (id, body) => stack.registerParty(id, body),
      tokenFor: (id, role) => gateway.tokenFor(id, role),
    });
    const lines: string[] = [];
    const result = await runLoadtest({
      url: gateway.url,
      profile: { socs, ncc },
      durationSeconds: options.quick ? 10 : 30,
      connections: 8,
      noticeEverySeconds: 10,
      log: (line) => lines.push(line),
    });
    return {
      title: 'Load test profile on the embedded stack (npm run loadtest, docs/loadtest.md)',
      rows: result.streams.map((s) => ({
        name: s.name,
        value: `${s.requests} requests, ${s.errors} errors, ${s.perSecond.toFixed(1)}/s`,
        note: `p50 ${s.p50Ms.toFixed(0)} ms, p99 ${s.p99Ms.toFixed(0)} ms, max ${s.maxMs.toFixed(0)} ms`,
      })),
      targets: result.targets.map((t) => ({
        target: `${t.name} ${t.target}`,
        actual: t.actual,
        pass: t.pass,
      })),
    };
  } finally {
    await stack.stop();
  }
}
