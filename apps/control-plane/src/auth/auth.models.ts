import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { TenantModel } from '../tenants/tenant.models';

@ObjectType({ description: 'A signed-in session: send the access token as `Authorization: Bearer …`, renew it with the refresh token.' })
export class SessionTokens {
  @Field({ description: 'Short-lived bearer token for the GraphQL API.' }) accessToken!: string;
  @Field(() => GraphQLISODateTime, { description: 'When the access token stops working; refresh before then.' }) accessTokenExpiresAt!: Date;
  @Field({ description: 'Single use: each refresh returns a new one.' }) refreshToken!: string;
}

@ObjectType({ description: 'The signed-in user and what this session may do.' })
export class Me {
  @Field(() => ID, { description: 'User id.' }) id!: string;
  @Field({ description: 'Email address the user signs in with.' }) email!: string;
  @Field({ description: 'True for platform operators, who may create and list tenants and issue password resets.' }) isOperator!: boolean;
  @Field(() => TenantModel, { nullable: true, description: 'The tenant this session acts in.' }) tenant!: TenantModel | null;
  @Field(() => String, { nullable: true, description: 'Role name in the current tenant; null for an operator session outside any tenant.' }) role!:
    string | null;
  @Field(() => [String], { description: 'Permissions of the role in the current tenant, `<action>:<Subject>`; the console shows only what these allow.' })
  permissions!: string[];
}
