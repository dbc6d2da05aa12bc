import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { TenantAccessPolicy } from '@causeway/contracts';

export enum SharedConnectionRule {
  ALWAYS = 'always',
  UNATTENDED_ONLY = 'unattended_only',
  NEVER = 'never',
}
registerEnumType(SharedConnectionRule, {
  name: 'SharedConnectionRule',
  description: 'When a shared (service-account) connection may serve a call.',
  valuesMap: {
    ALWAYS: { description: 'Calls without onBehalfOf, and calls for a user who has no connection of their own.' },
    UNATTENDED_ONLY: { description: 'Calls without onBehalfOf only; a call for a user needs that user’s own connection. The default.' },
    NEVER: { description: 'Every call names a user (onBehalfOf) and runs on that user’s own connection.' },
  },
});

export enum AuditPayloadMode {
  NONE = 'none',
  REDACTED = 'redacted',
}
registerEnumType(AuditPayloadMode, {
  name: 'AuditPayloadMode',
  description: 'Whether call audit events carry the call’s input and result.',
  valuesMap: {
    NONE: { description: 'Neither input nor result is recorded. The default.' },
    REDACTED: { description: 'Input and result are recorded, with secrets and the listed fields replaced and large values cut.' },
  },
});

@ObjectType('TenantPolicy', { description: 'The outermost layer of what the tenant’s agents may do, whatever their keys hold.' })
export class TenantPolicyModel {
  @Field(() => SharedConnectionRule, { description: 'When a shared connection may serve a call.' }) sharedConnections!: SharedConnectionRule;
  @Field(() => [String], { description: 'Tools no agent of the tenant may call: ids or `connector.*`.' }) deniedTools!: string[];
  @Field(() => AuditPayloadMode, { description: 'Whether call events record the input and result.' }) auditPayloads!: AuditPayloadMode;
  @Field(() => [String], { description: 'Key names replaced in recorded payloads, on top of the built-in list.' }) redactFields!: string[];
  @Field(() => Int, {
    nullable: true,
    description:
      'Days the tenant’s provider events are kept for replay (SSE resume, MCP reads, dead-letter replay); null: the platform default (7 days unless the operator set `EVENTS_RETENTION_MS`).',
  })
  eventRetentionDays!: number | null;
}

@InputType({ description: 'The whole policy: a field left out takes its default.' })
export class TenantPolicyInput {
  @Field(() => SharedConnectionRule, { nullable: true, description: 'Default `unattended_only`.' }) sharedConnections?: SharedConnectionRule;
  @Field(() => [String], { nullable: true, description: 'Tool ids or `connector.*`, e.g. `["slack.delete_message", "salesforce.*"]`.' }) deniedTools?: string[];
  @Field(() => AuditPayloadMode, { nullable: true, description: 'Default `none`.' }) auditPayloads?: AuditPayloadMode;
  @Field(() => [String], { nullable: true, description: 'Key names to replace in recorded payloads, on top of the built-in list (passwords, tokens…).' })
  redactFields?: string[];
  @Field(() => Int, { nullable: true, description: 'Days to keep the tenant’s provider events, 1 to 3650; left out: the platform default.' })
  eventRetentionDays?: number;
}

export const toTenantPolicy = (policy: TenantAccessPolicy): TenantPolicyModel => ({
  sharedConnections: policy.sharedConnections as SharedConnectionRule,
  deniedTools: policy.deniedTools,
  auditPayloads: policy.auditPayloads as AuditPayloadMode,
  redactFields: policy.redactFields,
  eventRetentionDays: policy.eventRetentionDays ?? null,
});
