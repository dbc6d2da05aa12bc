import { randomId } from '../common/random';

export interface PagerDutyService {
  id: string;
  name: string;
  description: string | null;
  status: 'active' | 'warning' | 'critical' | 'maintenance' | 'disabled';
}

export interface PagerDutyNote {
  id: string;
  content: string;
  created_at: string;
  user: { id: string; type: 'user_reference'; summary: string };
}

export interface PagerDutyIncident {
  id: string;
  incident_number: number;
  title: string;
  details: string | null;
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency: 'high' | 'low';
  incident_key: string | null;
  service_id: string;
  created_at: string;
  notes: PagerDutyNote[];
}

export const SIM_USER = { id: 'PXPGF42', type: 'user_reference' as const, summary: 'On-call Engineer', email: 'oncall@example.com' };

/** One PagerDuty account: its users (by email, for the From header), services and incidents. */
export class PagerDutyAccount {
  readonly services: PagerDutyService[] = [];
  readonly incidents: PagerDutyIncident[] = [];
  readonly userEmails = new Set([SIM_USER.email]);
  private nextNumber = 1;

  constructor(readonly now: () => string) {}

  seed(incidentCount: number): void {
    this.services.push(
      { id: 'PWIXJZS', name: 'Checkout API', description: 'Payments and checkout', status: 'active' },
      { id: 'PBILL01', name: 'Billing worker', description: null, status: 'active' },
      { id: 'PLEGACY', name: 'Legacy reports', description: 'Decommission candidate', status: 'disabled' },
    );
    for (let index = 1; index <= incidentCount; index++) {
      this.addIncident({
        title: `Seeded incident ${index}`,
        service_id: index % 2 ? 'PWIXJZS' : 'PBILL01',
        urgency: index % 3 ? 'high' : 'low',
        status: index <= 2 ? 'resolved' : 'triggered',
      });
    }
  }

  addIncident(fields: {
    title: string;
    service_id: string;
    urgency?: 'high' | 'low';
    status?: PagerDutyIncident['status'];
    details?: string | null;
    incident_key?: string | null;
  }): PagerDutyIncident {
    const incident: PagerDutyIncident = {
      id: randomId('Q', 13),
      incident_number: this.nextNumber++,
      title: fields.title,
      details: fields.details ?? null,
      status: fields.status ?? 'triggered',
      urgency: fields.urgency ?? 'high',
      incident_key: fields.incident_key ?? null,
      service_id: fields.service_id,
      created_at: this.now(),
      notes: [],
    };
    this.incidents.push(incident);
    return incident;
  }

  service(id: string): PagerDutyService | undefined {
    return this.services.find((service) => service.id === id);
  }
}

const origin = 'https://acme.pagerduty.com';

export function renderService(service: PagerDutyService) {
  return {
    ...service,
    type: 'service',
    summary: service.name,
    self: `https://api.pagerduty.com/services/${service.id}`,
    html_url: `${origin}/service-directory/${service.id}`,
  };
}

export function renderIncident(account: PagerDutyAccount, incident: PagerDutyIncident) {
  const service = account.service(incident.service_id);
  const { notes: _notes, details: _details, service_id: _serviceId, ...fields } = incident;
  return {
    ...fields,
    type: 'incident',
    summary: `[#${incident.incident_number}] ${incident.title}`,
    self: `https://api.pagerduty.com/incidents/${incident.id}`,
    html_url: `${origin}/incidents/${incident.id}`,
    service: { id: incident.service_id, type: 'service_reference', summary: service?.name ?? 'Deleted service' },
    assignments: incident.status === 'resolved' ? [] : [{ assignee: SIM_USER }],
  };
}

/** Classic offset paging: `limit` (default 25, max 100), `offset`; `total` only when asked. */
export function offsetPage<T>(items: T[], query: Record<string, string | undefined>) {
  const limit = Math.min(Math.max(Number(query['limit'] ?? 25) || 25, 1), 100);
  const offset = Math.max(Number(query['offset'] ?? 0) || 0, 0);
  return {
    slice: items.slice(offset, offset + limit),
    limit,
    offset,
    more: offset + limit < items.length,
    total: query['total'] === 'true' ? items.length : null,
  };
}
