import { Controller, Get } from '@nestjs/common';
import { catalog, toToolDescriptor, type ToolDescriptor } from '@causeway/connectors';
import { AppError } from '@causeway/platform';
import { Agent } from '../agent-auth/agent-key-hook';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import { listableTools } from './tool-access';

/** Descriptors are built once: the catalog is fixed for the life of the process. */
const descriptors: ToolDescriptor[] = catalog.listActions().map(({ action }) => toToolDescriptor(action));

@Controller('v1/tools')
export class ToolsController {
  /** Exactly the tools this key may call: the tenant's policy ∩ its scopes ∩ its creator's permissions ∩ its allow-list. */
  @Get()
  list(@Agent() principal: AgentPrincipal): { tools: ToolDescriptor[] } {
    const tools = listableTools(principal, descriptors);
    if (!tools) throw new AppError('forbidden', 'this key may not list tools: it needs read:Tool or call:Tool');
    return { tools };
  }
}
