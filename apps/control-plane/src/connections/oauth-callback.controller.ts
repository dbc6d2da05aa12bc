import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access-levels';
import { OAuthFlowService } from './oauth-flow.service';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Where providers send the user back after consent. Public: the single-use state is the credential. */
@Public()
@Controller('oauth')
export class OAuthCallbackController {
  constructor(private readonly oauth: OAuthFlowService) {}

  @Get('callback')
  async callback(
    @Query() query: { code?: string; state?: string; error?: string },
    @Headers('accept') accept: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const connection = await this.oauth.callback(query);
    const body = { connection: { id: connection.id, provider: connection.provider, name: connection.name, status: connection.status } };
    if (accept?.includes('application/json')) return reply.send(body);
    return reply
      .header('Content-Type', 'text/html; charset=utf-8')
      .header('Content-Security-Policy', "default-src 'none'")
      .send(`<!doctype html><title>Connected</title><p>${escape(connection.provider)} connection "${escape(connection.name)}" is ready. You can close this window.</p>`);
  }
}
