import { Field, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';
import type { Invitation } from './invitation.entity';

@ObjectType('Invitation', { description: 'An offer to join a tenant. It says nothing about whether the email already has an account.' })
export class InvitationModel {
  @Field(() => ID, { description: 'Invitation id, for revokeInvitation.' }) id!: string;
  @Field({ description: 'Who is invited (lower-cased).' }) email!: string;
  @Field({ description: 'Role name the invitee gets on accepting.' }) role!: string;
  @Field(() => GraphQLISODateTime, { description: 'After this the link no longer works.' }) expiresAt!: Date;
  @Field(() => String, {
    nullable: true,
    description: 'The single-use link to hand over, shown once. Null when the notifier sent it to the invitee.',
  })
  link!: string | null;
}

@ObjectType('PasswordResetLink', { description: 'A single-use link for setting a new password, issued by an operator.' })
export class PasswordResetLinkModel {
  @Field({ description: 'Single-use; hand it to the account holder. Using it ends their sessions.' }) link!: string;
  @Field(() => GraphQLISODateTime, { description: 'After this the link no longer works.' }) expiresAt!: Date;
}

@InputType({ description: 'Whom to invite to the current tenant and with which role. Needs create:User; the role cannot grant more than you hold.' })
export class AddMemberInput {
  @Field({ description: 'Who to invite; the answer is the same whether or not it has an account.' }) email!: string;
  @Field({ description: 'Role name, e.g. `developer`.' }) role!: string;
}

export const toInvitation = (issued: { invitation: Invitation; role: { name: string }; link: string | null }): InvitationModel => ({
  id: issued.invitation.id,
  email: issued.invitation.email,
  role: issued.role.name,
  expiresAt: issued.invitation.expiresAt,
  link: issued.link,
});
