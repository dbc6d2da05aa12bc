import { Controller, Get, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { MCP_RESOURCE_METADATA_PATH, PROTECTED_RESOURCE_PATH, protectedResourceMetadata, requestOrigin } from './protected-resource';

/** Public: a client reads it precisely because it has no valid key yet. */
@Controller()
export class ProtectedResourceController {
  /** The data plane as a whole (REST `/v1` and `/mcp` take the same key). */
  @Get(PROTECTED_RESOURCE_PATH.slice(1))
  root(@Req() request: FastifyRequest) {
    return protectedResourceMetadata(requestOrigin(request), '');
  }

  /** The path-suffixed form the MCP authorization spec has clients try first for `/mcp`. */
  @Get(MCP_RESOURCE_METADATA_PATH.slice(1))
  mcp(@Req() request: FastifyRequest) {
    return protectedResourceMetadata(requestOrigin(request), '/mcp');
  }
}
