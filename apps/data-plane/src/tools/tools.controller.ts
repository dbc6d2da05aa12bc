import { Controller, Get, Headers, Inject } from '@nestjs/common';
import { catalog, toToolDescriptor, type ToolDescriptor } from '@causeway/connectors';
import { AppError } from '@causeway/platform';
import { ApiKeyAuthenticator } from '../agent-auth/api-key-authenticator';
import { ConfigView } from '../config-view/config-view';
import { listableTools } from './tool-access';

/** Descriptors are built once: the catalog is fixed for the life of the process. */
const descriptors: ToolDescriptor[] = catalog.listActions().map(({ action }) => toToolDescriptor(action));

@Controller('v1/tools')
export class ToolsController {
  constructor(
    @Inject(ApiKeyAuthenticator) private readonly authenticator: ApiKeyAuthenticator,
    @Inject(ConfigView) private readonly view: ConfigView,
  ) {}

  /** Exactly the tools this key may call: the tenant's policy ∩ its scopes ∩ its creator's permissions ∩ its allow-list. */
  @Get()
  list(@Headers('authorization') authorization: string | undefined): { tools: ToolDescriptor[] } {
    const principal = this.authenticator.authenticate(authorization);
    const own = this.view.tenantConnectors.toolsFor(principal.tenantId);
    const tools = listableTools(principal, own.length === 0 ? descriptors : [...descriptors, ...own]);
    if (!tools) throw new AppError('forbidden', 'this key may not list tools: it needs read:Tool or call:Tool');
    return { tools };
  }
}
