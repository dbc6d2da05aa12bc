import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomId } from '../common/random';
import { bodyObject } from '../common/simulator-server';
import type { TokenApiContext } from '../common/token-api';
import { offsetPage, renderIncident, SIM_USER, type PagerDutyAccount, type PagerDutyIncident } from './pagerduty-account';

export interface PagerDutyErrors {
  notFound(reply: FastifyReply): FastifyReply;
  invalid(reply: FastifyReply, errors: string[]): FastifyReply;
  /** Writes made with a REST API key must name a user of the account in `From`. */
  requireFrom(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined;
}

const STATUSES = ['triggered', 'acknowledged', 'resolved'];

export function registerPagerDutyIncidents(api: FastifyInstance, account: PagerDutyAccount, context: TokenApiContext, errors: PagerDutyErrors): void {
  const find = (request: FastifyRequest): PagerDutyIncident | undefined =>
    account.incidents.find((incident) => incident.id === (request.params as { id: string }).id);
  const list = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

  api.get('/incidents', async (request, reply) => {
    const query = request.query as Record<string, string | string[] | undefined>;
    const statuses = list(query['statuses[]']);
    if (statuses.some((status) => !STATUSES.includes(status))) return errors.invalid(reply, ['Status must be a list of triggered, acknowledged, or resolved.']);
    const urgencies = list(query['urgencies[]']);
    const services = list(query['service_ids[]']);
    const newestFirst = query['sort_by'] === 'created_at:desc';
    const matching = account.incidents
      .filter((incident) => statuses.length === 0 || statuses.includes(incident.status))
      .filter((incident) => urgencies.length === 0 || urgencies.includes(incident.urgency))
      .filter((incident) => services.length === 0 || services.includes(incident.service_id))
      .sort((a, b) => (a.incident_number - b.incident_number) * (newestFirst ? -1 : 1));
    const page = offsetPage(matching, query as Record<string, string | undefined>);
    return {
      incidents: page.slice.map((incident) => renderIncident(account, incident)),
      limit: page.limit,
      offset: page.offset,
      more: page.more,
      total: page.total,
    };
  });

  api.get('/incidents/:id', async (request, reply) => {
    const incident = find(request);
    return incident ? { incident: renderIncident(account, incident) } : errors.notFound(reply);
  });

  api.post('/incidents', async (request, reply) => {
    const refused = errors.requireFrom(request, reply);
    if (refused) return refused;
    const fields = bodyObject(bodyObject(request.body)['incident']);
    const problems: string[] = [];
    if (fields['type'] !== 'incident') problems.push('Incident type must be "incident".');
    if (typeof fields['title'] !== 'string' || fields['title'] === '') problems.push('Title cannot be empty.');
    const serviceId = bodyObject(fields['service'])['id'];
    const service = typeof serviceId === 'string' ? account.service(serviceId) : undefined;
    if (!service) problems.push('Service not found.');
    const key = typeof fields['incident_key'] === 'string' ? fields['incident_key'] : null;
    if (
      service &&
      key &&
      account.incidents.some((incident) => incident.service_id === service.id && incident.incident_key === key && incident.status !== 'resolved')
    ) {
      problems.push('Open incident with key matching dedup key already exists on this service');
    }
    if (problems.length > 0 || !service) return errors.invalid(reply, problems);
    const incident = account.addIncident({
      title: String(fields['title']),
      service_id: service.id,
      urgency: fields['urgency'] === 'low' ? 'low' : 'high',
      details: typeof bodyObject(fields['body'])['details'] === 'string' ? String(bodyObject(fields['body'])['details']) : null,
      incident_key: key,
    });
    context.recordWrite(request);
    return reply.code(201).send({ incident: renderIncident(account, incident) });
  });

  api.put('/incidents/:id', async (request, reply) => {
    const refused = errors.requireFrom(request, reply);
    if (refused) return refused;
    const incident = find(request);
    if (!incident) return errors.notFound(reply);
    const status = bodyObject(bodyObject(request.body)['incident'])['status'];
    if (status !== undefined) {
      if (!STATUSES.includes(String(status))) return errors.invalid(reply, ['Status must be one of triggered, acknowledged, or resolved.']);
      incident.status = status as PagerDutyIncident['status'];
    }
    context.recordWrite(request);
    return { incident: renderIncident(account, incident) };
  });

  api.post('/incidents/:id/notes', async (request, reply) => {
    const refused = errors.requireFrom(request, reply);
    if (refused) return refused;
    const incident = find(request);
    if (!incident) return errors.notFound(reply);
    const content = bodyObject(bodyObject(request.body)['note'])['content'];
    if (typeof content !== 'string' || content === '') return errors.invalid(reply, ['Content cannot be empty.']);
    const note = { id: randomId('P', 6), content, created_at: account.now(), user: { id: SIM_USER.id, type: SIM_USER.type, summary: SIM_USER.summary } };
    incident.notes.push(note);
    context.recordWrite(request);
    return { note: { ...note, channel: { summary: 'The PagerDuty website or APIs' } } };
  });
}
