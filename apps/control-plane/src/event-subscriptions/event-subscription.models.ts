import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('EventSubscription', { description: "Delivers the tenant's provider events to an agent's URL, signed per Standard Webhooks." })
export class EventSubscriptionModel {
  @Field(() => ID, { description: 'The subscription id.' }) id!: string;
  @Field({ description: 'A name for people (1–100 characters).' }) name!: string;
  @Field({ description: 'Where events are POSTed (checked by the egress rules when set and on every delivery).' }) url!: string;
  @Field(() => [String], { description: 'Event types, exact (`com.github.pull_request.opened`) or prefixes (`com.github.pull_request.*`).' }) types!: string[];
  @Field(() => [String], { nullable: true, description: 'Only events of these connections; all when empty.' }) connectionIds!: string[] | null;
  @Field(() => String, { nullable: true, description: 'Only events whose subject starts with this.' }) subjectPrefix!: string | null;
  @Field(() => [String], { description: 'JSON pointers into `data` removed before delivery; `*` matches every key or item.' }) redact!: string[];
  @Field({ description: 'True while deliveries are held; the events stay owed and go out, in order, on resume.' }) paused!: boolean;
  @Field({ description: 'True while the previous secret still signs too (after rotateEventSubscriptionSecret).' }) rotatingSecret!: boolean;
  @Field(() => GraphQLISODateTime, { description: 'When it was created.' }) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { description: 'When it last changed.' }) updatedAt!: Date;
}

@ObjectType('EventSubscriptionWithSecret', { description: 'A subscription with its signing secret, returned only when the secret is made.' })
export class EventSubscriptionWithSecretModel {
  @Field(() => EventSubscriptionModel, { description: 'The subscription.' }) subscription!: EventSubscriptionModel;
  @Field({ description: 'The Standard Webhooks signing secret (`whsec_…`). Shown this once.' }) signingSecret!: string;
}

@InputType({ description: 'What a subscription delivers and where.' })
export class EventSubscriptionInput {
  @Field({ description: 'A name for people (1–100 characters).' }) name!: string;
  @Field({ description: 'https; private, loopback and metadata addresses are refused unless the operator admits them.' }) url!: string;
  @Field(() => [String], { description: 'Event types, exact (`com.github.pull_request.opened`) or prefixes ending in `.*`; at least one.' }) types!: string[];
  @Field(() => [String], { nullable: true, description: 'Only events of these connections of the tenant; all when omitted.' }) connectionIds?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Only events whose subject starts with this.' }) subjectPrefix?: string | null;
  @Field(() => [String], { nullable: true, description: 'JSON pointers into `data` removed before delivery; `*` matches every key or item.' }) redact?:
    string[] | null;
}

@ObjectType('EventDeadLetter', { description: 'An event whose delivery attempts ran out (or whose URL the egress rules refused).' })
export class EventDeadLetterModel {
  @Field(() => ID, { description: 'The CloudEvent id (the `webhook-id` the agent saw).' }) eventId!: string;
  @Field({ description: 'The CloudEvent type.' }) eventType!: string;
  @Field(() => String, { nullable: true, description: 'The CloudEvent subject, the unit of ordering.' }) subject!: string | null;
  @Field(() => Int, { description: 'Delivery attempts made.' }) attempts!: number;
  @Field(() => Int, { nullable: true, description: 'The HTTP status of the last attempt, if one came back.' }) lastStatus!: number | null;
  @Field(() => String, { nullable: true, description: 'Why the last attempt failed, when it did not answer with a status.' }) lastError!: string | null;
  @Field(() => GraphQLISODateTime, { description: 'When the event was given up on.' }) deadAt!: Date;
}
