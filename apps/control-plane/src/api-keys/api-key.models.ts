import { Field, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Connection } from '../graphql/pagination.types';
import type { ApiKey } from './api-key.entity';

@ObjectType('ApiKey', { description: 'A credential an agent presents to the data plane; it can do at most what its scopes and its creator allow.' })
export class ApiKeyModel {
  @Field(() => ID, { description: 'Key id, used by rotateApiKey, revokeApiKey, keyUsage and budgets.' }) id!: string;
  @Field({ description: 'Name given at creation (1 to 100 characters), for people.' }) name!: string;
  @Field({ description: 'The public part of the key (`cw_<prefix>_…`); the secret is never shown again.' }) prefix!: string;
  @Field(() => [String], { description: 'Permissions the key holds, `<action>:<Subject>` (e.g. `call:Tool`); never more than its creator holds.' })
  scopes!: string[];
  @Field(() => ID, { description: 'The user who created the key; its permissions cap the key.' }) createdById!: string;
  @Field(() => GraphQLISODateTime, { description: 'When the key was created.' }) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Last time the data plane accepted the key; null if never used.' }) lastUsedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the key stops working; null for no expiry.' }) expiresAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the key was revoked; a revoked key is refused at once.' }) revokedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'After a rotation, until when the previous secret still works.' })
  previousSecretValidUntil!: Date | null;
  @Field(() => [String], { nullable: true, description: 'Null: any connection the scopes allow.' }) allowedConnections!: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Null: any tool the scopes allow.' }) allowedTools!: string[] | null;
}

@ObjectType({ description: 'A new or rotated key with its secret, which is shown only in this answer.' })
export class CreatedApiKey {
  @Field(() => ApiKeyModel, { description: 'The key as listed by apiKeys.' }) apiKey!: ApiKeyModel;
  @Field({ description: 'The full key. Shown once: store it now.' }) secret!: string;
}

@InputType({ description: 'A new API key. Needs create:ApiKey; scopes are capped by your own permissions.' })
export class CreateApiKeyInput {
  @Field({ description: 'For people: 1 to 100 characters.' }) name!: string;
  @Field(() => [String], { description: 'A subset of your own permissions, e.g. `["call:Tool", "read:Tool"]`.' }) scopes!: string[];
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the key stops working; omit for no expiry.' }) expiresAt?: Date | null;
  @Field(() => [String], { nullable: true, description: 'Connection ids the key may use; omit for any connection the scopes allow.' }) allowedConnections?:
    string[] | null;
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
