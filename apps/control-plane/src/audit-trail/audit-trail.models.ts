import { Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('AuditEvent', { description: 'One entry of the tenant’s tamper-evident audit trail.' })
export class AuditEventModel {
  @Field(() => ID, { description: 'Event id (the CloudEvents id).' }) id!: string;
  @Field(() => Int, { description: 'Position in the tenant’s hash chain.' }) seq!: number;
  @Field(() => GraphQLISODateTime, { description: 'When it happened.' }) occurredAt!: Date;
  @Field({ description: 'What happened, e.g. `tool.called`, `api_key.created`.' }) action!: string;
  @Field({ description: '`success`, `denied`, `throttled`, `failed`, `replayed` or `pending`.' }) outcome!: string;
  @Field({ description: 'Who acted: `user`, `api_key`, `operator` or `system`.' }) actorType!: string;
  @Field({ description: 'Id of the actor (user id, API key id…).' }) actorId!: string;
  @Field(() => String, { nullable: true, description: 'Human label of the actor (email, key name), if known.' }) actorLabel!: string | null;
  @Field(() => String, { nullable: true, description: 'Tool id for call events.' }) tool!: string | null;
  @Field(() => String, { nullable: true, description: 'Connection used, for call events.' }) connectionId!: string | null;
  @Field(() => String, { nullable: true, description: 'Links the events of one request across services.' }) correlationId!: string | null;
  @Field(() => String, { nullable: true, description: 'The agent workflow run the call belonged to, if the agent said.' }) workflowRunId!: string | null;
  @Field(() => Int, { nullable: true, description: "HTTP status of the provider's answer, for call events." }) upstreamStatus!: number | null;
  @Field(() => Int, { nullable: true, description: 'Attempts made upstream, retries included.' }) attempts!: number | null;
  @Field(() => Float, { nullable: true, description: 'Time the call took, in milliseconds.' }) latencyMs!: number | null;
  @Field(() => String, { nullable: true, description: 'The event’s summary (before/after, error code) as JSON.' }) details!: string | null;
  @Field({ description: 'SHA-256 chain hash (hex).' }) hash!: string;
}

@ObjectType({ description: 'One audit event in a page, with its cursor.' })
export class AuditEventEdge {
  @Field({ description: 'Opaque position; pass as `after` to continue after this event.' }) cursor!: string;
  @Field(() => AuditEventModel, { description: 'The event.' }) node!: AuditEventModel;
}

@ObjectType({ description: 'Where a page of audit events ends.' })
export class AuditEventPageInfo {
  @Field({ description: 'True when older events follow.' }) hasNextPage!: boolean;
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page.' }) endCursor!: string | null;
}

@ObjectType({ description: 'A page of audit events, newest first.' })
export class AuditEventConnection {
  @Field(() => [AuditEventEdge], { description: 'The events of this page.' }) edges!: AuditEventEdge[];
  @Field(() => AuditEventPageInfo, { description: 'Whether more pages follow.' }) pageInfo!: AuditEventPageInfo;
}

@InputType({ description: 'Every given field must match; omitted ones match anything.' })
export class AuditEventFilter {
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Events at or after this time.' }) from?: Date;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Events before this time.' }) to?: Date;
  @Field({ nullable: true, description: 'Actor id: a user id or API key id.' }) actor?: string;
  @Field({ nullable: true, description: 'Tool id, e.g. `slack.post_message`.' }) tool?: string;
  @Field({ nullable: true, description: 'Connection id.' }) connectionId?: string;
  @Field({ nullable: true, description: 'success, denied, throttled, failed, replayed, pending or outcome_unknown.' }) outcome?: string;
  @Field({ nullable: true, description: 'One request across services.' }) correlationId?: string;
  @Field({ nullable: true, description: 'Event action, e.g. `tool.called`.' }) action?: string;
  @Field({ nullable: true, description: 'The agent workflow run the calls belonged to (as the agent named it).' }) workflowRunId?: string;
}

@ObjectType({ description: "A signed statement of the chain's head: who holds the public key can check the trail was not rewritten before it." })
export class AuditCheckpoint {
  @Field(() => Int, { description: 'Sequence number of the head it signs.' }) seq!: number;
  @Field({ description: 'Chain hash at that sequence number (hex).' }) headHash!: string;
  @Field(() => GraphQLISODateTime, { description: 'When it was signed.' }) createdAt!: Date;
  @Field({ description: 'Id of the Ed25519 signing key (first 16 hex digits of the SHA-256 of its public key).' }) keyId!: string;
  @Field({ description: 'Ed25519 signature (base64) of the canonical checkpoint message (docs/audit.md).' }) signature!: string;
}

@ObjectType({ description: "The result of recomputing the tenant's hash chain." })
export class AuditVerification {
  @Field({ description: 'True when every link and signed checkpoint in the range holds.' }) ok!: boolean;
  @Field(() => Int, { nullable: true, description: 'Events checked.' }) checkedCount!: number | null;
  @Field(() => Int, { nullable: true, description: 'The last sequence number checked.' }) headSeq!: number | null;
  @Field(() => Int, { nullable: true, description: 'The first broken link.' }) brokenAt!: number | null;
  @Field(() => String, { nullable: true, description: 'Why verification failed, if it did.' }) reason!: string | null;
  @Field(() => Int, { nullable: true, description: 'Signed checkpoints in the range whose signature and hash matched.' }) checkpointsChecked!: number | null;
  @Field(() => AuditCheckpoint, { nullable: true, description: "The tenant's newest signed checkpoint; null before the first one is signed." })
  latestCheckpoint!: AuditCheckpoint | null;
}
