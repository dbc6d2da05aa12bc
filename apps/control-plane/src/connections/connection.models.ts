import { Field, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Connection as ConnectionOf } from '../graphql/pagination.types';

@ObjectType('Connection', { description: "A tenant's link to one provider account. The credential itself is never shown." })
export class ConnectionModel {
  @Field(() => ID) id!: string;
  @Field() provider!: string;
  @Field() name!: string;
  @Field() authMode!: string;
  @Field({ description: '`shared` (service account) or `user` (one end user\'s own account).' }) kind!: string;
  @Field(() => ID, { nullable: true }) ownerUserId!: string | null;
  @Field(() => String, { nullable: true }) externalUserRef!: string | null;
  @Field({ description: '`active`, `needs_reauth` or `error`.' }) status!: string;
  @Field(() => String, { nullable: true }) statusReason!: string | null;
  @Field(() => [String]) scopes!: string[];
  @Field(() => ID) createdBy!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime) credentialCreatedAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Last refresh or rotation.' }) credentialRotatedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) credentialExpiresAt!: Date | null;
  @Field({ description: "Older than the tenant's maximum credential age." }) credentialTooOld!: boolean;
}

@ObjectType('OAuthApp')
export class OAuthAppModel {
  @Field(() => ID) id!: string;
  @Field() provider!: string;
  @Field() clientId!: string;
  @Field({ description: 'The client secret is stored in the secret store and never shown.' }) hasClientSecret!: boolean;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
}

@ObjectType()
export class ConnectionStart {
  @Field({ description: "Send the user's browser here; the provider redirects back to /oauth/callback." }) authorizeUrl!: string;
  @Field(() => GraphQLISODateTime) expiresAt!: Date;
}

@ObjectType()
export class ConnectionTestResult {
  @Field() ok!: boolean;
  @Field(() => String, { nullable: true }) code!: string | null;
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field(() => ConnectionModel) connection!: ConnectionModel;
}

@InputType()
export class ConfigureOAuthAppInput {
  @Field() provider!: string;
  @Field() clientId!: string;
  @Field() clientSecret!: string;
  @Field({ nullable: true, description: 'A vendor\'s endpoints are replaced only where the operator allows (simulators); a generic_oauth2 app sets its own.' }) authorizeUrl?: string;
  @Field({ nullable: true }) tokenUrl?: string;
  @Field({ nullable: true, description: 'RFC 7009 revocation endpoint: deleteConnection revokes the grant there.' }) revokeUrl?: string;
  @Field({ nullable: true }) discoveryUrl?: string;
  @Field({ nullable: true, description: 'generic_oauth2: the authorization server; its endpoints are read from RFC 8414 / OIDC discovery.' }) issuer?: string;
  @Field({ nullable: true, description: 'generic_oauth2: base URL proxied calls go to (default: the issuer); its host is the only one connections may call.' }) apiBaseUrl?: string;
}

@InputType()
export class CreateConnectionInputModel {
  @Field() provider!: string;
  @Field() name!: string;
  @Field({ nullable: true }) authMode?: string;
  @Field({ description: '`shared` or `user`.' }) kind!: string;
  @Field(() => ID, { nullable: true }) ownerUserId?: string;
  @Field({ nullable: true }) externalUserRef?: string;
  @Field({ nullable: true, description: 'API key or bearer token.' }) token?: string;
  @Field({ nullable: true }) username?: string;
  @Field({ nullable: true }) password?: string;
  @Field(() => String, { nullable: true, description: 'JSON object of connection parameters, e.g. {"cloudId":"…"}.' }) params?: string;
  @Field(() => String, { nullable: true, description: 'JSON object of server URL overrides (operator-enabled only).' }) serverOverrides?: string;
}

@InputType()
export class StartConnectionInputModel {
  @Field() provider!: string;
  @Field() name!: string;
  @Field({ nullable: true }) authMode?: string;
  @Field() kind!: string;
  @Field(() => ID, { nullable: true }) ownerUserId?: string;
  @Field({ nullable: true }) externalUserRef?: string;
  @Field(() => [String], { nullable: true }) scopes?: string[];
  @Field(() => String, { nullable: true, description: 'JSON object of server URL overrides (operator-enabled only).' }) serverOverrides?: string;
}

export const ConnectionConnection = ConnectionOf(ConnectionModel, 'Connection');
