import { Field, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Connection } from '../graphql/pagination.types';
import type { ApiKey } from './api-key.entity';

@ObjectType('ApiKey')
export class ApiKeyModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field({ description: 'The public part of the key (`cw_<prefix>_…`); the secret is never shown again.' }) prefix!: string;
  @Field(() => [String]) scopes!: string[];
  @Field(() => ID, { description: 'The user who created the key; its permissions cap the key.' }) createdById!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) lastUsedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) expiresAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) revokedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'After a rotation, until when the previous secret still works.' })
  previousSecretValidUntil!: Date | null;
  @Field(() => [String], { nullable: true, description: 'Null: any connection the scopes allow.' }) allowedConnections!: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Null: any tool the scopes allow.' }) allowedTools!: string[] | null;
}

@ObjectType()
export class CreatedApiKey {
  @Field(() => ApiKeyModel) apiKey!: ApiKeyModel;
  @Field({ description: 'The full key. Shown once: store it now.' }) secret!: string;
}

@InputType()
export class CreateApiKeyInput {
  @Field() name!: string;
  @Field(() => [String], { description: 'A subset of your own permissions, e.g. `["call:Tool", "read:Tool"]`.' }) scopes!: string[];
  @Field(() => GraphQLISODateTime, { nullable: true }) expiresAt?: Date | null;
  @Field(() => [String], { nullable: true }) allowedConnections?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Tool ids or `connector.*`, e.g. `["slack.*"]`.' }) allowedTools?: string[] | null;
}

export const ApiKeyConnection = Connection(ApiKeyModel, 'ApiKey');

/** Entities never leave through GraphQL as they are: this chooses what a client may see. */
export const toApiKey = (k: ApiKey): ApiKeyModel => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  createdById: k.createdBy,
  createdAt: k.createdAt,
  lastUsedAt: k.lastUsedAt,
  expiresAt: k.expiresAt,
  revokedAt: k.revokedAt,
  previousSecretValidUntil: k.previousValidUntil,
  allowedConnections: k.allowedConnections,
  allowedTools: k.allowedTools,
});
