import { Controller, Delete, Get, Headers, Param, Patch, Post, Put, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { currentCorrelationId } from '@causeway/observability';
import { ApiKeyAuthenticator } from '../agent-auth/api-key-authenticator';
import { ProxyService } from './proxy.service';

/** `ANY /v1/proxy/{connectionId}/{path}`: raw passthrough with the connection's credentials injected. */
@Controller('v1/proxy')
export class ProxyController {
  constructor(
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly proxy: ProxyService,
  ) {}

  @Get(':connectionId/*')
  get(@Param('connectionId') id: string, @Headers('authorization') auth: string | undefined, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.forward(id, auth, req, reply);
  }

  @Post(':connectionId/*')
  post(@Param('connectionId') id: string, @Headers('authorization') auth: string | undefined, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.forward(id, auth, req, reply);
  }

  @Put(':connectionId/*')
  put(@Param('connectionId') id: string, @Headers('authorization') auth: string | undefined, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.forward(id, auth, req, reply);
  }

  @Patch(':connectionId/*')
  patch(@Param('connectionId') id: string, @Headers('authorization') auth: string | undefined, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.forward(id, auth, req, reply);
  }

  @Delete(':connectionId/*')
  delete(@Param('connectionId') id: string, @Headers('authorization') auth: string | undefined, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.forward(id, auth, req, reply);
  }

  private async forward(
    connectionId: string,
    authorization: string | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ) {
    const principal = this.authenticator.authenticate(authorization);
    const raw = request.raw.url ?? '';
    const prefix = `/v1/proxy/${connectionId}/`;
    const rest = raw.startsWith(prefix) ? raw.slice(prefix.length) : '';
    const [path, query = ''] = rest.split(/\?(.*)/s, 2);
    const body = Buffer.isBuffer(request.body) ? request.body : request.body === undefined ? undefined : Buffer.from(typeof request.body === 'string' ? request.body : JSON.stringify(request.body));
    const response = await this.proxy.forward(principal, {
      connectionId,
      path,
      query,
      method: request.method,
      headers: request.headers,
      body,
      requestId: currentCorrelationId() ?? String(request.id),
    });
    void reply.status(response.status).headers(response.headers).send(response.body);
  }
}
