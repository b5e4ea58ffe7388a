/**
 * The deployed smoke check, run against the local gateway with local tokens: every
 * step passes, and what it leaves behind is closed and detached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSmoke } from '../../scripts/smoke/run-smoke.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

describe('npm run smoke against the local gateway', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway();
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  it('passes every step, one line each, and leaves no open incident behind', async () => {
    // Arrange
    const lines: string[] = [];

    // Act
    const result = await runSmoke({
      url: gateway.url,
      tokens: {
        admin: () => gateway.token('admin', 'admin'),
        soc: async (partyId) => ({ token: await gateway.token(partyId, 'soc'), clientId: partyId }),
      },
      log: (line) => lines.push(line),
    });

    // Assert
    expect(result.steps.map((s) => [s.name, s.ok])).toEqual([
      ['health', true],
      ['admin token', true],
      ['register throw-away SOC', true],
      ['post JSON card', true],
      ['post XML card', true],
      ['read JSON card back', true],
      ['read XML card back as XML', true],
      ['list obligations', true],
      ['close xml incident', true],
      ['close json incident', true],
      ['detach throw-away SOC', true],
    ]);
    expect(lines).toHaveLength(result.steps.length);
    expect(lines.every((line) => line.startsWith('ok    '))).toBe(true);
    const admin = await gateway.token('admin', 'admin');
    const open = await fetch(`${gateway.url}/v1/incidents?status=open`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(JSON.stringify(await open.json())).not.toContain('SMOKE-');
  });

  it('reports a failed step in one line and still cleans up', async () => {
    // Arrange
    const lines: string[] = [];

    // Act
    const result = await runSmoke({
      url: gateway.url,
      tokens: {
        admin: () => gateway.token('admin', 'admin'),
        // A SOC token for another client id: the SOC is registered but its token maps to nobody.
        soc: async (partyId) => ({
          token: await gateway.token('nobody', 'soc'),
          clientId: partyId,
        }),
      },
      log: (line) => lines.push(line),
    });

    // Assert
    expect(result.ok).toBe(false);
    expect(lines.find((line) => line.startsWith('FAIL  post JSON card'))).toMatch(/answered 403/);
    expect(result.steps.at(-1)).toMatchObject({ name: 'detach throw-away SOC', ok: true });
  });
});
