import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { TenantModel } from '../tenants/tenant.models';

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
