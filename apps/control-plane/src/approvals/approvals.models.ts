import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../graphql/pagination.types';

@ObjectType('ApprovalRequirement', { description: 'A call needs approval when it matches any list.' })
export class ApprovalRequirementModel {
  @Field(() => [String], { description: 'read, write, destructive' })
  sideEffects!: string[];

  @Field(() => [String], { description: 'Connector ids, e.g. slack.' })
  connectors!: string[];

  @Field(() => [String], { description: 'Tool ids, e.g. slack.post_message.' })
  tools!: string[];

  @Field(() => [String], { description: 'API key ids.' })
  keys!: string[];

  @Field(() => [String], { description: "Role names of the key's creator." })
  roles!: string[];
}

@ObjectType('Graduation', { description: 'Progressive trust: after enough approved successes a key no longer needs approval for that tool.' })
export class GraduationModel {
  @Field(() => Int, { description: 'Approved, successful executions needed.' })
  successes!: number;

  @Field(() => Int, { description: 'With no rejection or failure in this many days.' })
  windowDays!: number;
}

@ObjectType('Budget', { description: 'A daily limit per UTC day; past it a call needs approval or is refused (`overBudget`).' })
export class BudgetModel {
  @Field(() => ID, { nullable: true, description: 'The key it applies to; every key when null.' })
  keyId!: string | null;

  @Field(() => String, { nullable: true, description: 'The tool it applies to; each tool when null.' })
  tool!: string | null;

  @Field(() => Int, { nullable: true, description: 'Calls allowed per UTC day; null for no call limit.' })
  callsPerDay!: number | null;

  @Field(() => Int, { nullable: true, description: "Cost units allowed per UTC day (each tool's declared cost); null for no cost limit." })
  costUnitsPerDay!: number | null;
}

@ObjectType('SlackNotification', { description: 'Where new approvals are posted in Slack.' })
export class SlackNotificationModel {
  @Field(() => ID, { description: 'The Slack connection that posts.' })
  connectionId!: string;

  @Field({ description: 'Channel id or name to post to.' })
  channel!: string;
}

@ObjectType('ApprovalPolicy', { description: 'Which calls wait for a person, for how long, budgets and progressive trust.' })
export class ApprovalPolicyModel {
  @Field(() => ApprovalRequirementModel, { description: 'Calls matching any of these lists are held for approval.' })
  requireApproval!: ApprovalRequirementModel;

  @Field(() => Int, { description: 'Seconds a held call waits for a decision before it expires (60 to 604800).' })
  approvalTtlSeconds!: number;

  @Field(() => GraduationModel, { nullable: true, description: 'Progressive trust; null when off.' })
  graduation!: GraduationModel | null;

  @Field(() => [BudgetModel], { description: 'Daily limits per key and tool.' })
  budgets!: BudgetModel[];

  @Field({ description: 'approval or refuse: what happens past a budget.' })
  overBudget!: string;

  @Field(() => String, { nullable: true, description: 'Where new approvals are POSTed (signed with the webhook secret); null for none.' })
  webhookUrl!: string | null;

  @Field({ description: 'Whether a webhook signing secret is stored (the secret itself is never shown).' })
  webhookSecretSet!: boolean;

  @Field(() => SlackNotificationModel, { nullable: true, description: 'Slack notification of new approvals; null for none.' })
  slack!: SlackNotificationModel | null;

  @Field({ description: 'False while the tenant runs on the default policy.' })
  customised!: boolean;
}

@InputType({ description: 'Calls matching any list are held for approval; an omitted list is empty.' })
export class ApprovalRequirementInput {
  @Field(() => [String], { nullable: true, description: '`read`, `write` and/or `destructive`.' })
  sideEffects?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Connector ids, e.g. `slack`.' })
  connectors?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Tool ids, e.g. `slack.post_message`.' })
  tools?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'API key ids.' })
  keys?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Role names of the key's creator." })
  roles?: string[] | null;
}

@InputType({ description: 'Progressive trust settings.' })
export class GraduationInput {
  @Field(() => Int, { description: 'Approved, successful executions needed, 1 to 1000.' })
  successes!: number;

  @Field(() => Int, { description: 'Days with no rejection or failure, 1 to 365.' })
  windowDays!: number;
}

@InputType({ description: 'One daily limit; give callsPerDay, costUnitsPerDay or both.' })
export class BudgetInput {
  @Field(() => ID, { nullable: true, description: 'The key it applies to; omit for every key.' })
  keyId?: string | null;

  @Field(() => String, { nullable: true, description: 'The tool it applies to; omit for each tool.' })
  tool?: string | null;

  @Field(() => Int, { nullable: true, description: 'Calls per UTC day, 0 to 10,000,000.' })
  callsPerDay?: number | null;

  @Field(() => Int, { nullable: true, description: 'Cost units per UTC day, 0 to 1,000,000,000.' })
  costUnitsPerDay?: number | null;
}

@InputType({ description: 'Post new approvals to a Slack channel.' })
export class SlackNotificationInput {
  @Field(() => ID, { description: 'A Slack connection of the tenant.' })
  connectionId!: string;

  @Field({ description: 'Channel id or name.' })
  channel!: string;
}

@InputType({ description: 'Replaces the whole policy; omitted fields take their defaults.' })
export class ApprovalPolicyInput {
  @Field(() => ApprovalRequirementInput, { nullable: true, description: 'Which calls are held; omitted: none.' })
  requireApproval?: ApprovalRequirementInput | null;

  @Field(() => Int, { nullable: true, description: 'Seconds a held call waits, 60 to 604800 (default 3600).' })
  approvalTtlSeconds?: number | null;

  @Field(() => GraduationInput, { nullable: true, description: 'Progressive trust; omitted: off.' })
  graduation?: GraduationInput | null;

  @Field(() => [BudgetInput], { nullable: true, description: 'Daily limits; omitted: none.' })
  budgets?: BudgetInput[] | null;

  @Field(() => String, { nullable: true, description: 'approval (default) or refuse.' })
  overBudget?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'http(s) URL, at most 2000 characters, where new approvals are POSTed; calls go through the egress guard.',
  })
  webhookUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'Write-only: at least 32 characters; kept in the secret store. Omit to keep the current one.' })
  webhookSecret?: string | null;

  @Field(() => SlackNotificationInput, { nullable: true, description: 'Slack notification of new approvals; omitted: none.' })
  slack?: SlackNotificationInput | null;
}

@ObjectType('Approval', { description: 'A call held until a person approves or rejects it; approval is bound to its exact input.' })
export class ApprovalModel {
  @Field(() => ID, { description: 'Approval id, for approveAction and rejectAction.' })
  id!: string;

  @Field({ description: 'pending, approved, rejected, expired, executing, executed' })
  status!: string;

  @Field({ description: 'Tool id of the held call, e.g. `slack.delete_message`.' })
  tool!: string;

  @Field(() => ID, { description: 'Connection the call would run on.' })
  connectionId!: string;

  @Field(() => String, { nullable: true, description: 'The end user the agent acted for, if any.' })
  onBehalfOf!: string | null;

  @Field(() => ID, { description: 'The API key that made the call.' })
  keyId!: string;

  @Field({ description: 'Name of that key.' })
  keyName!: string;

  @Field({ description: 'The policy rule that required it.' })
  reason!: string;

  @Field({ description: 'The call input (JSON) the approval is bound to.' })
  input!: string;

  @Field(() => String, {
    nullable: true,
    description: "JSON Schema (JSON) of the tool's input, to label and format `input`; null for raw proxy calls and tenant connectors.",
  })
  inputSchema!: string | null;

  @Field(() => String, { nullable: true, description: 'Human title of the tool, e.g. "Delete a Slack message"; null when the catalog has none.' })
  toolTitle!: string | null;

  @Field({ description: 'SHA-256 of the canonical input (hex); the approval is valid only for this exact input.' })
  inputHash!: string;

  @Field({ description: 'When the call was held.' })
  requestedAt!: Date;

  @Field({ description: 'When it expires without a decision.' })
  expiresAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was approved or rejected.' })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Id of the user who decided.' })
  decidedBy!: string | null;

  @Field(() => String, { nullable: true, description: "The decider's note or rejection reason." })
  note!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the approved call ran.' })
  executedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'success or the error code of the execution.' })
  executionOutcome!: string | null;
}

export const ApprovalConnection = Connection(ApprovalModel, 'Approval');

@ObjectType('KeyUsage', { description: "One key's use of one tool on one UTC day." })
export class KeyUsageModel {
  @Field({ description: 'UTC day, YYYY-MM-DD.' })
  day!: string;

  @Field({ description: 'Tool id.' })
  tool!: string;

  @Field(() => Int, { description: 'Calls counted that day.' })
  calls!: number;

  @Field(() => Int, { description: "Cost units counted that day (the tool's declared cost per call)." })
  costUnits!: number;
}
