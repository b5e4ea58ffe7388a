/**
 * Issue #14 item 7: a hung dependency never holds a caller past the request deadline. A
 * write that ran out of time is `outcome_unknown` (it may still be applied, and a retry is
 * a replay); a read is `dependency_unavailable`. Nothing here is a speed target: the
 * deadline is a behaviour, set small so the test does not wait.
 */
import { describe, expect, it } from 'vitest';
import { REQUEST_DEADLINE_MS } from '../../../functions/handlers/http/route.js';
import { billingObject, notification } from '../../support/messages.js';
import { headerOf, jsonOf, routeHarness } from '../../support/route-harness.js';

const JSON_TYPE = { 'content-type': 'application/json' };
const never = <T>() => new Promise<T>(() => undefined);

async function hungHarness() {
  const h = routeHarness(new Date().toISOString(), { requestDeadlineMs: 150 });
  await h.register('owner-energo', 'owner');
  await h.register('soc-a', 'soc', { objects: [billingObject('owner-energo')] as never });
  return h;
}

describe('the request deadline', () => {
  it('is under the 5 s the issue allows', () => {
    expect(REQUEST_DEADLINE_MS).toBeLessThan(5_000);
  });

  it('answers a write whose store hangs with 503 outcome_unknown and Retry-After, never "nothing was written"', async () => {
    const h = await hungHarness();
    h.adapters.incidents.saveNewIncident = never;

    const result = await h.call({
      method: 'POST',
      url: '/v1/incidents',
      as: 'soc-a',
      headers: { ...JSON_TYPE, 'accept-language': 'en' },
      body: JSON.stringify(notification()),
    });

    expect(result.statusCode).toBe(503);
    expect(headerOf(result, 'content-type')).toContain('application/problem+json');
    expect(Number(headerOf(result, 'retry-after'))).toBeGreaterThan(0);
    const problem = jsonOf(result);
    expect(problem).toMatchObject({ status: 503, code: 'outcome_unknown' });
    expect(String(problem.detail)).toMatch(/Idempotency-Key/);
    expect(String(problem.detail)).not.toMatch(/nothing was written/);
  });

  it('answers a read whose store hangs with 503 dependency_unavailable', async () => {
    const h = await hungHarness();
    h.adapters.incidents.listIncidents = never;

    const result = await h.call({ method: 'GET', url: '/v1/incidents', as: 'soc-a' });

    expect(result.statusCode).toBe(503);
    expect(jsonOf(result)).toMatchObject({ code: 'dependency_unavailable' });
  });

  it('answers in the caller’s language and format (XML body → XML problem, kk by default)', async () => {
    const h = await hungHarness();
    h.adapters.parties.findPartyByClientId = never;

    const result = await h.call({
      method: 'POST',
      url: '/v1/incidents',
      as: 'soc-a',
      headers: { 'content-type': 'application/xml', accept: 'application/xml' },
      body: '<incidentNotification xmlns="urn:kz:ncc-gateway:v1"/>',
    });

    expect(result.statusCode).toBe(503);
    expect(headerOf(result, 'content-type')).toContain('xml');
    expect(headerOf(result, 'content-language')).toBe('kk');
    expect(result.body).toContain('outcome_unknown');
  });

  it('leaves a fast request alone', async () => {
    const h = await hungHarness();

    const result = await h.call({ method: 'GET', url: '/v1/incidents', as: 'soc-a' });

    expect(result.statusCode).toBe(200);
  });
});

describe('liveness and readiness', () => {
  it('GET /v1/health/ready is 503 while the store is down and 200 once it is back; GET /v1/health stays 200', async () => {
    const h = await hungHarness();

    h.adapters.db.setDown(true);
    const downReady = await h.call({ method: 'GET', url: '/v1/health/ready' });
    const downLive = await h.call({ method: 'GET', url: '/v1/health' });
    h.adapters.db.setDown(false);
    const upReady = await h.call({ method: 'GET', url: '/v1/health/ready' });

    expect(downReady.statusCode).toBe(503);
    expect(jsonOf(downReady)).toMatchObject({ code: 'dependency_unavailable' });
    expect(Number(headerOf(downReady, 'retry-after'))).toBeGreaterThan(0);
    expect(downLive.statusCode).toBe(200);
    expect(upReady.statusCode).toBe(200);
    expect(jsonOf(upReady)).toMatchObject({ status: 'ready', checks: { store: { status: 'up' } } });
  });

  it('GET /v1/health/ready answers 503 within the deadline when the store hangs', async () => {
    const h = await hungHarness();
    h.adapters.parties.getParty = never;

    const result = await h.call({ method: 'GET', url: '/v1/health/ready' });

    expect(result.statusCode).toBe(503);
    expect(jsonOf(result)).toMatchObject({ code: 'dependency_unavailable' });
  });
});
