import { Field, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';

@ObjectType('PollingTriggerParams', { description: 'What a trigger watches; which fields apply depends on its kind.' })
export class PollingTriggerParamsModel {
  @Field(() => String, { nullable: true, description: '`jira.issues`: JQL restricting the issues watched (e.g. `project = OPS`); all issues when null.' })
  jql!: string | null;
  @Field(() => String, { nullable: true, description: '`salesforce.records`: the object whose records are watched (a SOQL name, e.g. `Account`).' })
  object!: string | null;
  @Field(() => [String], { nullable: true, description: '`salesforce.records`: extra fields carried in each event (SOQL names).' })
  fields!: string[] | null;
}

@ObjectType('PollingTrigger', { description: 'Polls a connection for changes its provider sends no webhook for; each change becomes a CloudEvent.' })
export class PollingTriggerModel {
  @Field(() => ID, { description: 'The trigger id.' }) id!: string;
  @Field(() => ID, { description: 'The connection polled (of the kind’s provider: Jira for `jira.issues`, Salesforce for `salesforce.records`).' })
  connectionId!: string;
  @Field({ description: 'What is polled: `jira.issues` (by `updated`) or `salesforce.records` (by `SystemModstamp`).' }) kind!: string;
  @Field(() => PollingTriggerParamsModel, { description: 'What the trigger watches.' }) params!: PollingTriggerParamsModel;
  @Field({ description: 'False while polling is off; on again it goes on from its cursor.' }) enabled!: boolean;
  @Field(() => GraphQLISODateTime, { description: 'When it was created; changes before it are not emitted.' }) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { description: 'When it last changed.' }) updatedAt!: Date;
}

@InputType({ description: "What a trigger watches; give only the fields of the trigger's kind." })
export class PollingTriggerParamsInput {
  @Field(() => String, { nullable: true, description: '`jira.issues`: JQL restricting the issues watched (1–2000 characters); omit for all issues.' })
  jql?: string | null;
  @Field(() => String, { nullable: true, description: '`salesforce.records` (required): the object to watch, a SOQL name such as `Account`.' })
  object?: string | null;
  @Field(() => [String], { nullable: true, description: '`salesforce.records`: up to 50 extra fields (SOQL names) carried in each event.' })
  fields?: string[] | null;
}

@InputType({ description: 'A new polling trigger.' })
export class CreatePollingTriggerInput {
  @Field(() => ID, { description: "The connection to poll, of this tenant and of the kind's provider." }) connectionId!: string;
  @Field({ description: '`jira.issues` or `salesforce.records`.' }) kind!: string;
  @Field(() => PollingTriggerParamsInput, { nullable: true, description: 'What to watch; required for `salesforce.records` (its `object`).' })
  params?: PollingTriggerParamsInput | null;
}

@InputType({ description: 'Changes to a polling trigger; omitted fields stay as they are.' })
export class UpdatePollingTriggerInput {
  @Field(() => Boolean, { nullable: true, description: 'False turns polling off, true on again (from its cursor).' }) enabled?: boolean | null;
  @Field(() => PollingTriggerParamsInput, { nullable: true, description: "Replaces what it watches (checked against the trigger's kind)." })
  params?: PollingTriggerParamsInput | null;
}
