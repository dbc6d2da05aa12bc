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

@ObjectType('Graduation')
export class GraduationModel {
  @Field(() => Int, { description: 'Approved, successful executions needed.' })
  successes!: number;

  @Field(() => Int, { description: 'With no rejection or failure in this many days.' })
  windowDays!: number;
}

@ObjectType('Budget')
export class BudgetModel {
  @Field(() => ID, { nullable: true, description: 'The key it applies to; every key when null.' })
  keyId!: string | null;

  @Field(() => String, { nullable: true, description: 'The tool it applies to; each tool when null.' })
  tool!: string | null;

  @Field(() => Int, { nullable: true })
  callsPerDay!: number | null;

  @Field(() => Int, { nullable: true })
  costUnitsPerDay!: number | null;
}

@ObjectType('SlackNotification')
export class SlackNotificationModel {
  @Field(() => ID)
  connectionId!: string;

  @Field()
  channel!: string;
}

@ObjectType('ApprovalPolicy')
export class ApprovalPolicyModel {
  @Field(() => ApprovalRequirementModel)
  requireApproval!: ApprovalRequirementModel;

  @Field(() => Int)
  approvalTtlSeconds!: number;

  @Field(() => GraduationModel, { nullable: true })
  graduation!: GraduationModel | null;

  @Field(() => [BudgetModel])
  budgets!: BudgetModel[];

  @Field({ description: 'approval or refuse: what happens past a budget.' })
  overBudget!: string;

  @Field(() => String, { nullable: true })
  webhookUrl!: string | null;

  @Field({ description: 'Whether a webhook signing secret is stored (the secret itself is never shown).' })
  webhookSecretSet!: boolean;

  @Field(() => SlackNotificationModel, { nullable: true })
  slack!: SlackNotificationModel | null;

  @Field({ description: 'False while the tenant runs on the default policy.' })
  customised!: boolean;
}

@InputType()
export class ApprovalRequirementInput {
  @Field(() => [String], { nullable: true })
  sideEffects?: string[] | null;

  @Field(() => [String], { nullable: true })
  connectors?: string[] | null;

  @Field(() => [String], { nullable: true })
  tools?: string[] | null;

  @Field(() => [String], { nullable: true })
  keys?: string[] | null;

  @Field(() => [String], { nullable: true })
  roles?: string[] | null;
}

@InputType()
export class GraduationInput {
  @Field(() => Int)
  successes!: number;

  @Field(() => Int)
  windowDays!: number;
}

@InputType()
export class BudgetInput {
  @Field(() => ID, { nullable: true })
  keyId?: string | null;

  @Field(() => String, { nullable: true })
  tool?: string | null;

  @Field(() => Int, { nullable: true })
  callsPerDay?: number | null;

  @Field(() => Int, { nullable: true })
  costUnitsPerDay?: number | null;
}

@InputType()
export class SlackNotificationInput {
  @Field(() => ID)
  connectionId!: string;

  @Field()
  channel!: string;
}

@InputType({ description: 'Replaces the whole policy; omitted fields take their defaults.' })
export class ApprovalPolicyInput {
  @Field(() => ApprovalRequirementInput, { nullable: true })
  requireApproval?: ApprovalRequirementInput | null;

  @Field(() => Int, { nullable: true })
  approvalTtlSeconds?: number | null;

  @Field(() => GraduationInput, { nullable: true })
  graduation?: GraduationInput | null;

  @Field(() => [BudgetInput], { nullable: true })
  budgets?: BudgetInput[] | null;

  @Field(() => String, { nullable: true, description: 'approval (default) or refuse.' })
  overBudget?: string | null;

  @Field(() => String, { nullable: true })
  webhookUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'Write-only: at least 32 characters; kept in the secret store. Omit to keep the current one.' })
  webhookSecret?: string | null;

  @Field(() => SlackNotificationInput, { nullable: true })
  slack?: SlackNotificationInput | null;
}

@ObjectType('Approval')
export class ApprovalModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'pending, approved, rejected, expired, executing, executed' })
  status!: string;

  @Field()
  tool!: string;

  @Field(() => ID)
  connectionId!: string;

  @Field(() => String, { nullable: true })
  onBehalfOf!: string | null;

  @Field(() => ID)
  keyId!: string;

  @Field()
  keyName!: string;

  @Field({ description: 'The policy rule that required it.' })
  reason!: string;

  @Field({ description: 'The call input (JSON) the approval is bound to.' })
  input!: string;

  @Field()
  inputHash!: string;

  @Field()
  requestedAt!: Date;

  @Field()
  expiresAt!: Date;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true })
  decidedBy!: string | null;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => Date, { nullable: true })
  executedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'success or the error code of the execution.' })
  executionOutcome!: string | null;
}

export const ApprovalConnection = Connection(ApprovalModel, 'Approval');

@ObjectType('KeyUsage')
export class KeyUsageModel {
  @Field({ description: 'UTC day, YYYY-MM-DD.' })
  day!: string;

  @Field()
  tool!: string;

  @Field(() => Int)
  calls!: number;

  @Field(() => Int)
  costUnits!: number;
}
