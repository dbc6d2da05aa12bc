import { Controller, Get, Inject, Query } from '@nestjs/common';
import type { ToolDescriptor } from '@causeway/connectors';
import { AppError } from '@causeway/platform';
import { Agent } from '../agent-auth/agent-key-hook';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import { ConfigView } from '../config-view/config-view';
import { listTools, searchTools } from './tool-listing';
import { parseListQuery, parseSearchQuery } from './tool-query';
import { toolScope, toSearchResult, type ToolSearchResult } from './tool-scope';

const cannotList = () => new AppError('forbidden', 'this key may not list tools: it needs read:Tool or call:Tool');

@Controller('v1/tools')
export class ToolsController {
  constructor(@Inject(ConfigView) private readonly view: ConfigView) {}

  /**
   * The tools this key can call now: the tenant's policy ∩ its scopes ∩ its creator's
   * permissions ∩ its allow-list, through an active connection it may use (`include=all`: the
   * whole catalog under the same rules). Filters and a cursor keep the answer small.
   */
  @Get()
  list(@Agent() principal: AgentPrincipal, @Query() query: Record<string, unknown>): { tools: ToolDescriptor[]; nextCursor?: string } {
    const page = listTools(toolScope(this.view, principal), parseListQuery(query));
    if (!page) throw cannotList();
    return { tools: page.tools.map((tool) => tool.descriptor), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /** The tools ranked for a task description (`q`), best first: local full-text ranking, no model. */
  @Get('search')
  search(@Agent() principal: AgentPrincipal, @Query() query: Record<string, unknown>): { tools: ToolSearchResult[] } {
    const ranked = searchTools(toolScope(this.view, principal), parseSearchQuery(query));
    if (!ranked) throw cannotList();
    return { tools: ranked.map(toSearchResult) };
  }
}
