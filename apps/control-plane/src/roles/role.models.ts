import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import type { Role } from './role.entity';

@ObjectType('Role')
export class RoleModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field({ description: 'Built-in roles (owner, admin, developer, auditor, viewer) cannot be changed.' }) builtIn!: boolean;
  @Field(() => [String], { description: 'Permissions as `<action>:<Subject>`, e.g. `create:ApiKey`.' }) permissions!: string[];
}

@InputType()
export class CreateRoleInput {
  @Field() name!: string;
  @Field(() => [String]) permissions!: string[];
}

/** Entities never leave through GraphQL as they are: this chooses what a client may see. */
export const toRole = (r: Role): RoleModel => ({ id: r.id, name: r.name, builtIn: r.builtIn, permissions: r.permissions });
