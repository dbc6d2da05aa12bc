import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { AppAbility, Permission } from '@causeway/authz';

/** Who is calling, resolved once per request by the guard from a verified access token. */
export interface Principal {
  userId: string;
  email: string;
  isOperator: boolean;
  /** The tenant the session acts in; null for an operator session outside any tenant. */
  tenantId: string | null;
  roleName: string | null;
  permissions: Permission[];
  ability: AppAbility;
}

export interface TenantPrincipal extends Principal {
  tenantId: string;
}

export function requestOf(context: ExecutionContext): { principal?: Principal; headers: Record<string, string | string[] | undefined>; ip?: string } {
  if (context.getType<string>() === 'graphql') return GqlExecutionContext.create(context).getContext().req;
  return context.switchToHttp().getRequest();
}

export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext) => requestOf(context).principal);
