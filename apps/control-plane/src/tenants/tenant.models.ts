import { Field, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';
import { InvitationModel } from '../invitations/invitations.models';
import type { Tenant } from './tenant.entity';

@ObjectType('Tenant')
export class TenantModel {
  @Field(() => ID) id!: string;
  @Field() slug!: string;
  @Field() name!: string;
  @Field() status!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
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

/** Entities never leave through GraphQL as they are: this chooses what a client may see. */
export const toTenant = (t: Tenant): TenantModel => ({ id: t.id, slug: t.slug, name: t.name, status: t.status, createdAt: t.createdAt });
