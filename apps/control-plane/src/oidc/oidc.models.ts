import { Field, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';

@ObjectType('OidcProvider', { description: "The tenant's OpenID Connect provider for console sign-in. The client secret is never shown." })
export class OidcProviderModel {
  @Field(() => ID, { description: 'Provider id.' }) id!: string;
  @Field({ description: "As the provider's discovery document spells it." }) issuer!: string;
  @Field({ description: 'Client id registered at the provider.' }) clientId!: string;
  @Field({ description: 'Whether the secret store holds a client secret for this provider.' }) hasClientSecret!: boolean;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the client secret was last set.' }) clientSecretUpdatedAt!: Date | null;
  @Field(() => [String], { nullable: true, description: 'Email domains allowed to sign in; null allows any.' }) allowedDomains!: string[] | null;
  @Field(() => String, { nullable: true, description: 'Role of users created at their first sign-in; null lets only existing members in.' })
  defaultRole!: string | null;
  @Field({ description: 'False hides the sign-in button and refuses sign-ins through it.' }) enabled!: boolean;
  @Field({ description: 'Where a browser starts signing in to this tenant (accepts `?redirect=<path>`).' }) signInUrl!: string;
  @Field({ description: 'Register this as a redirect URI of the client at your provider.' }) callbackUrl!: string;
  @Field(() => GraphQLISODateTime, { description: 'When it was configured.' }) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { description: 'Last change.' }) updatedAt!: Date;
}

/** Every field is optional: a change names only what it changes (the first one needs issuer, clientId, clientSecret). */
@InputType({ description: 'Changes to the OIDC sign-in provider; only the given fields change. Needs update:Tenant.' })
export class ConfigureOidcProviderInput {
  @Field(() => String, { nullable: true, description: 'https URL (http only for loopback hosts); checked by reading its discovery document.' })
  issuer?: string | null;
  @Field(() => String, { nullable: true, description: 'Client id registered at the provider, at most 512 characters.' }) clientId?: string | null;
  @Field(() => String, { nullable: true, description: 'Stored in the secret store; never shown again.' }) clientSecret?: string | null;
  @Field(() => [String], { nullable: true, description: 'null: any domain.' }) allowedDomains?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Default `viewer` for a new provider; null: existing members only. Never `owner`.' })
  defaultRole?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Default true for a new provider.' }) enabled?: boolean | null;
}
