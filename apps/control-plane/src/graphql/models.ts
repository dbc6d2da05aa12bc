import { Field, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';
import { InvitationModel } from '../invitations/invitations.models';
import { Connection } from './pagination.types';

@ObjectType('Tenant')
export class TenantModel {
  @Field(() => ID) id!: string;
  @Field() slug!: string;
  @Field() name!: string;
  @Field() status!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType('Role')
export class RoleModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field({ description: 'Built-in roles (owner, admin, developer, auditor, viewer) cannot be changed.' }) builtIn!: boolean;
  @Field(() => [String], { description: 'Permissions as `<action>:<Subject>`, e.g. `create:ApiKey`.' }) permissions!: string[];
}

@ObjectType('User', { description: 'A member of the current tenant.' })
export class UserModel {
  @Field(() => ID) id!: string;
  @Field() email!: string;
  @Field(() => RoleModel) role!: RoleModel;
  @Field(() => GraphQLISODateTime, { description: 'When the user joined this tenant.' }) memberSince!: Date;
}

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

@ObjectType()
export class SessionTokens {
  @Field() accessToken!: string;
  @Field(() => GraphQLISODateTime) accessTokenExpiresAt!: Date;
  @Field({ description: 'Single use: each refresh returns a new one.' }) refreshToken!: string;
}

@ObjectType()
export class Me {
  @Field(() => ID) id!: string;
  @Field() email!: string;
  @Field() isOperator!: boolean;
  @Field(() => TenantModel, { nullable: true, description: 'The tenant this session acts in.' }) tenant!: TenantModel | null;
  @Field(() => String, { nullable: true }) role!: string | null;
  @Field(() => [String]) permissions!: string[];
}

@ObjectType()
export class CreatedTenant {
  @Field(() => TenantModel) tenant!: TenantModel;
  @Field(() => InvitationModel, { description: 'The first owner joins by accepting it; hand the link over.' }) ownerInvitation!: InvitationModel;
}

@InputType()
export class CreateTenantInput {
  @Field({ description: 'URL-safe, unique: lowercase letters, digits, inner hyphens (e.g. `acme`).' }) slug!: string;
  @Field() name!: string;
  @Field({ description: 'The first owner: invited, never given a password by the operator.' }) adminEmail!: string;
}

@InputType()
export class CreateApiKeyInput {
  @Field() name!: string;
  @Field(() => [String], { description: 'A subset of your own permissions, e.g. `["call:Tool", "read:Tool"]`.' }) scopes!: string[];
  @Field(() => GraphQLISODateTime, { nullable: true }) expiresAt?: Date | null;
  @Field(() => [String], { nullable: true }) allowedConnections?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Tool ids or `connector.*`, e.g. `["slack.*"]`.' }) allowedTools?: string[] | null;
}

@InputType()
export class AddMemberInput {
  @Field({ description: 'Who to invite; the answer is the same whether or not it has an account.' }) email!: string;
  @Field({ description: 'Role name, e.g. `developer`.' }) role!: string;
}

@InputType()
export class CreateRoleInput {
  @Field() name!: string;
  @Field(() => [String]) permissions!: string[];
}

export const ApiKeyConnection = Connection(ApiKeyModel, 'ApiKey');
export const UserConnection = Connection(UserModel, 'User');
