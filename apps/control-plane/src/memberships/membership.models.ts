import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Connection } from '../graphql/pagination.types';
import { RoleModel, toRole } from '../roles/role.models';
import type { Member } from './memberships.service';

@ObjectType('User', { description: 'A member of the current tenant.' })
export class UserModel {
  @Field(() => ID, { description: 'User id, for changeMemberRole and removeMember.' }) id!: string;
  @Field({ description: 'Email address the user signs in with.' }) email!: string;
  @Field(() => RoleModel, { description: 'The role the user holds in this tenant.' }) role!: RoleModel;
  @Field(() => GraphQLISODateTime, { description: 'When the user joined this tenant.' }) memberSince!: Date;
}

export const UserConnection = Connection(UserModel, 'User');

/** Entities never leave through GraphQL as they are: this chooses what a client may see. */
export const toUser = (m: Member): UserModel => ({ id: m.user.id, email: m.user.email, role: toRole(m.role), memberSince: m.membership.createdAt });
