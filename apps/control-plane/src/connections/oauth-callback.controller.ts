import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access-levels';
import type { ConnectionView } from './connections.service';
import { FRAGMENT_RELAY_CSP, FRAGMENT_RELAY_PAGE } from './oauth-callback-page';
import { OAuthFlowService } from './oauth-flow.service';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Where providers send the user back after consent. Public: the single-use state is the credential. */
@Public()
@Controller('oauth')
export class OAuthCallbackController {
  constructor(private readonly oauth: OAuthFlowService) {}

  @Get('callback')
  async callback(
    // Every query parameter: some vendors add connection parameters beside the code (QuickBooks' realmId).
    @Query() query: { code?: string; state?: string; error?: string; iss?: string; [param: string]: unknown },
    @Headers('accept') accept: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    // Nothing in the query: an implicit grant put it all in the fragment, which only the page can read.
    if (query.state === undefined && query.code === undefined && query.error === undefined) {
      return reply
        .header('Content-Type', 'text/html; charset=utf-8')
        .header('Content-Security-Policy', FRAGMENT_RELAY_CSP)
        .header('Referrer-Policy', 'no-referrer')
        .header('Cache-Control', 'no-store')
        .send(FRAGMENT_RELAY_PAGE);
    }
    return this.answer(await this.oauth.callback(query), accept, reply);
  }

  /** The fragment of an implicit grant, posted by the page above. */
  @Post('callback')
  @HttpCode(200)
  async fragment(@Body() body: unknown, @Headers('accept') accept: string | undefined, @Res() reply: FastifyReply) {
    return this.answer(await this.oauth.implicitCallback(body), accept, reply);
  }

  private answer(connection: ConnectionView, accept: string | undefined, reply: FastifyReply) {
    const body = { connection: { id: connection.id, provider: connection.provider, name: connection.name, status: connection.status } };
    if (accept?.includes('application/json')) return reply.send(body);
    return reply
      .header('Content-Type', 'text/html; charset=utf-8')
      .header('Content-Security-Policy', "default-src 'none'")
      .send(
        `<!doctype html><title>Connected</title><p>${escape(connection.provider)} connection "${escape(connection.name)}" is ready.</p><p><a href="/">Back to the console</a></p>`,
      );
  }
}
