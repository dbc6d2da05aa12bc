import type { FastifyInstance } from 'fastify';
import type { TokenApiContext } from '../common/token-api';
import { offsetPage, renderService, type PagerDutyAccount } from './pagerduty-account';
import type { PagerDutyErrors } from './pagerduty-incidents';

export function registerPagerDutyServices(api: FastifyInstance, account: PagerDutyAccount, context: TokenApiContext, errors: PagerDutyErrors): void {
  api.get('/services', async (request) => {
    const query = request.query as Record<string, string | undefined>;
    const text = query['query']?.toLowerCase();
    const matching = account.services.filter((service) => !text || service.name.toLowerCase().includes(text)).sort((a, b) => a.name.localeCompare(b.name));
    const page = offsetPage(matching, query);
    return { services: page.slice.map(renderService), limit: page.limit, offset: page.offset, more: page.more, total: page.total };
  });

  api.delete('/services/:id', async (request, reply) => {
    const index = account.services.findIndex((service) => service.id === (request.params as { id: string }).id);
    if (index < 0) return errors.notFound(reply);
    account.services.splice(index, 1);
    context.recordWrite(request);
    return reply.code(204).send();
  });
}
