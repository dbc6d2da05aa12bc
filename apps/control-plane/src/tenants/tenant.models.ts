import { Field, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Connection } from '../graphql/pagination.types';
import { InvitationModel } from '../invitations/invitations.models';
import type { Tenant } from './tenant.entity';

@ObjectType('Tenant', { description: 'An isolated customer of the platform: its members, keys, connections and audit trail are its own.' })
export class TenantModel {
  @Field(() => ID, { description: 'Tenant id.' }) id!: string;
  @Field({ description: 'URL-safe unique name, used to sign in to the tenant (e.g. `acme`).' }) slug!: string;
  @Field({ description: 'Display name.' }) name!: string;
  @Field({ description: 'Lifecycle state, `active` for a usable tenant.' }) status!: string;
  @Field(() => GraphQLISODateTime, { description: 'When the tenant was created.' }) createdAt!: Date;
}

export const TenantConnection = Connection(TenantModel, 'Tenant');

@ObjectType({ description: 'A new tenant and the invitation for its first owner.' })
export class CreatedTenant {
  @Field(() => TenantModel, { description: 'The tenant created.' }) tenant!: TenantModel;
  @Field(() => InvitationModel, { description: 'The first owner joins by accepting it; hand the link over.' }) ownerInvitation!: InvitationModel;
}

@InputType({ description: 'A new tenant. Platform operators only.' })
export class CreateTenantInput {
  @Field({ description: 'URL-safe, unique: lowercase letters, digits, inner hyphens (e.g. `acme`).' }) slug!: string;
  @Field({ description: 'Display name, 1 to 200 characters.' }) name!: string;
  @Field({ description: 'The first owner: invited, never given a password by the operator.' }) adminEmail!: string;
}

/** Entities never leave through GraphQL as they are: this chooses what a client may see. */
export const toTenant = (t: Tenant): TenantModel => ({ id: t.id, slug: t.slug, name: t.name, status: t.status, createdAt: t.createdAt });
