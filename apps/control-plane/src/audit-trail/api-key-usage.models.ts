import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('ApiKeyDailyUsage', { description: "One UTC day of an API key's tool calls, for the console's usage chart." })
export class ApiKeyDailyUsageModel {
  @Field({ description: 'UTC day, YYYY-MM-DD. Every day of the window is present, zeros included, oldest first.' }) day!: string;
  @Field(() => Int, { description: 'Tool calls the key made that day, as the audit trail recorded them (held calls not yet decided excluded).' })
  calls!: number;
  @Field(() => Int, { description: 'Of those, calls that reached the provider and failed.' }) errors!: number;
  @Field(() => Int, { description: 'Of those, calls refused before the provider: denied by policy or throttled.' }) refused!: number;
  @Field(() => Int, {
    description:
      "Cost units counted that day (each tool's declared cost per call); counted only while the tenant sets budgets or for approval-gated calls, else 0.",
  })
  costUnits!: number;
}
