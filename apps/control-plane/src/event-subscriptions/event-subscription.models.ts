import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('EventSubscription', { description: "Delivers the tenant's provider events to an agent's URL, signed per Standard Webhooks." })
export class EventSubscriptionModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field({ description: 'Where events are POSTed (checked by the egress rules when set and on every delivery).' }) url!: string;
  @Field(() => [String], { description: 'Event types, exact (`com.github.pull_request.opened`) or prefixes (`com.github.pull_request.*`).' }) types!: string[];
  @Field(() => [String], { nullable: true, description: 'Only events of these connections; all when empty.' }) connectionIds!: string[] | null;
  @Field(() => String, { nullable: true, description: 'Only events whose subject starts with this.' }) subjectPrefix!: string | null;
  @Field(() => [String], { description: 'JSON pointers into `data` removed before delivery; `*` matches every key or item.' }) redact!: string[];
  @Field() paused!: boolean;
  @Field({ description: 'True while the previous secret still signs too (after rotateEventSubscriptionSecret).' }) rotatingSecret!: boolean;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
}

@ObjectType('EventSubscriptionWithSecret')
export class EventSubscriptionWithSecretModel {
  @Field(() => EventSubscriptionModel) subscription!: EventSubscriptionModel;
  @Field({ description: 'The Standard Webhooks signing secret (`whsec_…`). Shown this once.' }) signingSecret!: string;
}

@InputType()
export class EventSubscriptionInput {
  @Field() name!: string;
  @Field({ description: 'https; private, loopback and metadata addresses are refused unless the operator admits them.' }) url!: string;
  @Field(() => [String]) types!: string[];
  @Field(() => [String], { nullable: true }) connectionIds?: string[] | null;
  @Field(() => String, { nullable: true }) subjectPrefix?: string | null;
  @Field(() => [String], { nullable: true }) redact?: string[] | null;
}

@ObjectType('EventDeadLetter', { description: 'An event whose delivery attempts ran out (or whose URL the egress rules refused).' })
export class EventDeadLetterModel {
  @Field(() => ID) eventId!: string;
  @Field() eventType!: string;
  @Field(() => String, { nullable: true }) subject!: string | null;
  @Field(() => Int) attempts!: number;
  @Field(() => Int, { nullable: true, description: 'The HTTP status of the last attempt, if one came back.' }) lastStatus!: number | null;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => GraphQLISODateTime) deadAt!: Date;
}
