import { ManualClock, startPagerDutySimulator, type PagerDutySimulatorControl, type RunningSimulator } from '@causeway/simulators';
import type { ConnectionContext, Credential } from '../../engine/types';
import { engineWithClock, expectError, expectOk } from '../engine-test-support';

type Incident = { id: string; incident_number: number; status: string; urgency: string; service: { id: string } };

describe('PagerDuty connector against the PagerDuty simulator', () => {
  let sim: RunningSimulator<PagerDutySimulatorControl>;
  let clock: ManualClock;
  let credential: Credential;
  let connection: ConnectionContext;
  const from = 'oncall@example.com';
  const run = (action: string, input: Record<string, unknown>) => engineWithClock(clock).executeAction({ action, input, credential, connection });

  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startPagerDutySimulator({ clock, seedIncidents: 7 });
    credential = { authMode: 'api_key', kind: 'token', token: sim.control.issueToken() };
    connection = { serverOverrides: { default: sim.url } };
  });
  afterEach(() => sim.stop());

  it('pages incidents by offset until total is reached, newest first', async () => {
    const numbers: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = expectOk<{ incidents: Incident[] }>(await run('pagerduty.list_incidents', { limit: 3, ...(cursor ? { cursor } : {}) }));
      numbers.push(...page.data.incidents.map((incident) => incident.incident_number));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(numbers).toEqual([7, 6, 5, 4, 3, 2, 1]);
  });

  it('filters by status and service with repeated array parameters', async () => {
    const { data } = expectOk<{ incidents: Incident[] }>(await run('pagerduty.list_incidents', { status: 'triggered', service_id: 'PWIXJZS' }));
    expect(data.incidents.map((incident) => incident.incident_number)).toEqual([7, 5, 3]);
    expect(data.incidents.every((incident) => incident.status === 'triggered' && incident.service.id === 'PWIXJZS')).toBe(true);
  });

  it('triggers an incident as the From user, and refuses a duplicate incident_key while it is open', async () => {
    const input = { service_id: 'PWIXJZS', title: 'Checkout 500s', urgency: 'high', incident_key: 'checkout-500', details: 'since 02:10', from };
    const { data } = expectOk<{ incident: Incident }>(await run('pagerduty.create_incident', input));
    expect(data.incident).toMatchObject({ incident_number: 8, status: 'triggered', service: { id: 'PWIXJZS' } });
    const again = expectError(await run('pagerduty.create_incident', input));
    expect(again.error).toMatchObject({ code: 'upstream_invalid_request', upstreamStatus: 400 });
    expect(again.error.message).toContain('dedup key');
    expect(sim.control.writeCount('POST /incidents')).toBe(1);
  });

  it('maps a write without a valid From header (API key) to upstream_invalid_request', async () => {
    const result = expectError(await run('pagerduty.create_incident', { service_id: 'PWIXJZS', title: 'x' }));
    expect(result.error).toMatchObject({ code: 'upstream_invalid_request', upstreamStatus: 400 });
    expect(result.error.message).toContain('From header');
  });

  it('acknowledges then resolves an incident, with a note on its timeline', async () => {
    const target = sim.control.account.incidents[6] as { id: string };
    expect(
      expectOk<{ incident: Incident }>(await run('pagerduty.update_incident_status', { incident_id: target.id, status: 'acknowledged', from })).data.incident
        .status,
    ).toBe('acknowledged');
    const note = expectOk<{ note: { content: string } }>(await run('pagerduty.add_incident_note', { incident_id: target.id, content: 'Rolled back.', from }));
    expect(note.data.note.content).toBe('Rolled back.');
    expectOk(await run('pagerduty.update_incident_status', { incident_id: target.id, status: 'resolved', from }));
    expect(expectOk<{ incident: Incident }>(await run('pagerduty.get_incident', { incident_id: target.id })).data.incident.status).toBe('resolved');
  });

  it('maps an unknown incident (404, code 2100) to upstream_not_found', async () => {
    expect(expectError(await run('pagerduty.get_incident', { incident_id: 'PNOTHERE' })).error).toMatchObject({
      code: 'upstream_not_found',
      upstreamStatus: 404,
    });
  });

  it('deletes a service (destructive): it leaves the list and takes no more incidents', async () => {
    expect(expectOk(await run('pagerduty.delete_service', { service_id: 'PLEGACY' })).data).toEqual({ deleted: true, service_id: 'PLEGACY' });
    expect(sim.control.account.service('PLEGACY')).toBeUndefined();
    const { data } = expectOk<{ services: Array<{ id: string }> }>(await run('pagerduty.list_services', {}));
    expect(data.services.map((service) => service.id)).toEqual(['PBILL01', 'PWIXJZS']);
    expect(expectError(await run('pagerduty.create_incident', { service_id: 'PLEGACY', title: 'x', from })).error.code).toBe('upstream_invalid_request');
  });

  it('reads ratelimit-* headers and maps 429 to upstream_rate_limited with the wait until reset', async () => {
    sim.control.setLimit(1);
    expect((await run('pagerduty.list_services', { query: 'checkout' })).rateLimit).toMatchObject({ limit: 1, remaining: 0 });
    clock.advance(20_000);
    const result = expectError(await run('pagerduty.list_services', {}));
    expect(result.error).toMatchObject({ code: 'upstream_rate_limited', upstreamStatus: 429, retryAfterMs: 40_000 });
  });

  it('maps a revoked key to needs_reauth', async () => {
    sim.control.revokeTokens();
    expect(expectError(await run('pagerduty.list_incidents', {})).error).toMatchObject({ code: 'needs_reauth', upstreamStatus: 401 });
  });
});
