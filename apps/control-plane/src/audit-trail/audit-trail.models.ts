import { Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('AuditEvent', { description: 'One entry of the tenant’s tamper-evident audit trail.' })
export class AuditEventModel {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'Position in the tenant’s hash chain.' }) seq!: number;
  @Field(() => GraphQLISODateTime) occurredAt!: Date;
  @Field() action!: string;
  @Field() outcome!: string;
  @Field() actorType!: string;
  @Field() actorId!: string;
  @Field(() => String, { nullable: true }) actorLabel!: string | null;
  @Field(() => String, { nullable: true }) tool!: string | null;
  @Field(() => String, { nullable: true }) connectionId!: string | null;
  @Field(() => String, { nullable: true }) correlationId!: string | null;
  @Field(() => String, { nullable: true }) workflowRunId!: string | null;
  @Field(() => Int, { nullable: true }) upstreamStatus!: number | null;
  @Field(() => Int, { nullable: true }) attempts!: number | null;
  @Field(() => Float, { nullable: true }) latencyMs!: number | null;
  @Field(() => String, { nullable: true, description: 'The event’s summary (before/after, error code) as JSON.' }) details!: string | null;
  @Field({ description: 'SHA-256 chain hash (hex).' }) hash!: string;
}

@ObjectType()
export class AuditEventEdge {
  @Field() cursor!: string;
  @Field(() => AuditEventModel) node!: AuditEventModel;
}

@ObjectType()
export class AuditEventPageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType()
export class AuditEventConnection {
  @Field(() => [AuditEventEdge]) edges!: AuditEventEdge[];
  @Field(() => AuditEventPageInfo) pageInfo!: AuditEventPageInfo;
}

@InputType()
export class AuditEventFilter {
  @Field(() => GraphQLISODateTime, { nullable: true }) from?: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) to?: Date;
  @Field({ nullable: true, description: 'Actor id: a user id or API key id.' }) actor?: string;
  @Field({ nullable: true }) tool?: string;
  @Field({ nullable: true }) connectionId?: string;
  @Field({ nullable: true, description: 'success, denied, throttled, failed, replayed, pending or outcome_unknown.' }) outcome?: string;
  @Field({ nullable: true }) correlationId?: string;
  @Field({ nullable: true }) action?: string;
}

@ObjectType()
export class AuditVerification {
  @Field() ok!: boolean;
  @Field(() => Int, { nullable: true }) checkedCount!: number | null;
  @Field(() => Int, { nullable: true }) headSeq!: number | null;
  @Field(() => Int, { nullable: true, description: 'The first broken link.' }) brokenAt!: number | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
}
