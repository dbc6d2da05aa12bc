import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import type { Role } from './role.entity';

@ObjectType('Role', { description: 'A named set of permissions a member holds in a tenant.' })
export class RoleModel {
  @Field(() => ID, { description: 'Role id, for updateRolePermissions and deleteRole.' }) id!: string;
  @Field({ description: 'Unique within the tenant, e.g. `developer`; used by addMember and changeMemberRole.' }) name!: string;
  @Field({ description: 'Built-in roles (owner, admin, developer, auditor, viewer) cannot be changed.' }) builtIn!: boolean;
  @Field(() => [String], { description: 'Permissions as `<action>:<Subject>`, e.g. `create:ApiKey`.' }) permissions!: string[];
}

@InputType({ description: 'A custom role. Needs create:Role; it cannot grant more than you hold.' })
export class CreateRoleInput {
  @Field({ description: '1 to 100 characters, unique within the tenant.' }) name!: string;
  @Field(() => [String], { description: 'Permissions as `<action>:<Subject>`, e.g. `["read:Connection", "call:Tool"]`.' }) permissions!: string[];
}

@ObjectType('PermissionSubject', { description: 'One subject of the permission vocabulary and the actions a role may grant on it.' })
export class PermissionSubjectModel {
  @Field({ description: 'The subject, e.g. `ApiKey`; a permission is `<action>:<Subject>`.' }) subject!: string;
  @Field(() => [String], { description: 'Actions that apply to it, e.g. `read`, `create`; `manage:<Subject>` grants all of them.' }) actions!: string[];
}

/** Entities never leave through GraphQL as they are: this chooses what a client may see. */
export const toRole = (r: Role): RoleModel => ({ id: r.id, name: r.name, builtIn: r.builtIn, permissions: r.permissions });
