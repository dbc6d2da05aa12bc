import { Field, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Connection as ConnectionOf } from '../graphql/pagination.types';

@ObjectType('Connection', { description: "A tenant's link to one provider account. The credential itself is never shown." })
export class ConnectionModel {
  @Field(() => ID, { description: 'Connection id, for testConnection, deleteConnection and API key allow-lists.' }) id!: string;
  @Field({ description: 'Catalog provider id (see `providers`), or `t_<slug>` for a tenant connector.' }) provider!: string;
  @Field({ description: 'Name given by the admin, for people.' }) name!: string;
  @Field({ description: 'Id of the provider auth mode the credential uses.' }) authMode!: string;
  @Field({ description: "`shared` (service account) or `user` (one end user's own account)." }) kind!: string;
  @Field(() => ID, { nullable: true, description: 'For a `user` connection: the member whose account it is; null for shared ones or external end users.' })
  ownerUserId!: string | null;
  @Field(() => String, { nullable: true, description: 'For a `user` connection of an end user outside the tenant: the reference agents pass as onBehalfOf.' })
  externalUserRef!: string | null;
  @Field({ description: '`active`, `needs_reauth` or `error`.' }) status!: string;
  @Field(() => String, { nullable: true, description: 'Why the status is not `active` (the last failure), if known.' }) statusReason!: string | null;
  @Field(() => [String], { description: 'OAuth scopes granted; empty for pasted credentials.' }) scopes!: string[];
  @Field(() => ID, { description: 'Id of the user who created the connection.' }) createdBy!: string;
  @Field(() => GraphQLISODateTime, { description: 'When the connection was created.' }) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { description: 'When the current credential was first stored.' }) credentialCreatedAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Last refresh or rotation.' }) credentialRotatedAt!: Date | null;
  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the current access token expires (refreshed automatically when possible); null if unknown or never.',
  })
  credentialExpiresAt!: Date | null;
  @Field({ description: "Older than the tenant's maximum credential age." }) credentialTooOld!: boolean;
}

@ObjectType('OAuthApp', { description: "The tenant's OAuth client at a provider, used by startConnection. Its secret is never shown." })
export class OAuthAppModel {
  @Field(() => ID, { description: 'OAuth app id.' }) id!: string;
  @Field({ description: 'Catalog provider id.' }) provider!: string;
  @Field({ description: 'Client id registered at the provider.' }) clientId!: string;
  @Field({ description: 'The client secret is stored in the secret store and never shown.' }) hasClientSecret!: boolean;
  @Field(() => GraphQLISODateTime, { description: 'Last change.' }) updatedAt!: Date;
}

@ObjectType({ description: 'Where to send the browser to give consent; the callback creates the connection.' })
export class ConnectionStart {
  @Field({ description: "Send the user's browser here; the provider redirects back to /oauth/callback." }) authorizeUrl!: string;
  @Field(() => GraphQLISODateTime, { description: 'The consent must come back before this (the state is single-use).' }) expiresAt!: Date;
}

@ObjectType({ description: 'The outcome of testConnection.' })
export class ConnectionTestResult {
  @Field({ description: 'True when the provider accepted the credential.' }) ok!: boolean;
  @Field(() => String, { nullable: true, description: 'Error code when it failed, e.g. `UPSTREAM_UNAUTHORIZED`.' }) code!: string | null;
  @Field(() => String, { nullable: true, description: 'Human explanation when it failed.' }) message!: string | null;
  @Field(() => ConnectionModel, { description: 'The connection with its updated status.' }) connection!: ConnectionModel;
}

@InputType({ description: "The tenant's OAuth client for one provider. Needs update:Connection." })
export class ConfigureOAuthAppInput {
  @Field({ description: 'Catalog provider id, e.g. `slack`.' }) provider!: string;
  @Field({ description: 'Client id registered at the provider.' }) clientId!: string;
  @Field({ description: 'Client secret; stored in the secret store, never shown again.' }) clientSecret!: string;
  @Field({ nullable: true, description: "A vendor's endpoints are replaced only where the operator allows (simulators); a generic_oauth2 app sets its own." })
  authorizeUrl?: string;
  @Field({ nullable: true, description: 'Token endpoint replacement, where the operator allows (simulators) or for generic_oauth2.' }) tokenUrl?: string;
  @Field({ nullable: true, description: 'RFC 7009 revocation endpoint: deleteConnection revokes the grant there.' }) revokeUrl?: string;
  @Field({ nullable: true, description: 'Discovery endpoint replacement (e.g. Atlassian accessible resources), where the operator allows.' })
  discoveryUrl?: string;
  @Field({ nullable: true, description: 'generic_oauth2: the authorization server; its endpoints are read from RFC 8414 / OIDC discovery.' }) issuer?: string;
  @Field({ nullable: true, description: 'generic_oauth2: base URL proxied calls go to (default: the issuer); its host is the only one connections may call.' })
  apiBaseUrl?: string;
}

@InputType({
  description:
    'A connection with a pasted credential (API key, bearer token, user name and password) or one a token is minted from (client id and secret, or a private key). Needs create:Connection.',
})
export class CreateConnectionInputModel {
  @Field({ description: 'Catalog provider id (see `providers`) or `t_<slug>` of a tenant connector.' }) provider!: string;
  @Field({ description: 'For people, 1 to 100 characters.' }) name!: string;
  @Field({ nullable: true, description: "Id of one of the provider's auth modes; default its first." }) authMode?: string;
  @Field({ description: '`shared` or `user`.' }) kind!: string;
  @Field(() => ID, { nullable: true, description: 'For `user`: the member whose account it is (must belong to the tenant).' }) ownerUserId?: string;
  @Field({ nullable: true, description: 'For `user`: an end user outside the tenant, as agents name them in onBehalfOf.' }) externalUserRef?: string;
  @Field({ nullable: true, description: 'API key or bearer token.' }) token?: string;
  @Field({ nullable: true, description: 'For `basic` auth modes.' }) username?: string;
  @Field({ nullable: true, description: 'For `basic` auth modes; stored in the secret store.' }) password?: string;
  @Field(() => String, { nullable: true, description: 'JSON object of connection parameters, e.g. {"cloudId":"…"} or {"tenant":"contoso.onmicrosoft.com"}.' })
  params?: string;
  @Field(() => String, { nullable: true, description: 'JSON object of server URL overrides (operator-enabled only).' }) serverOverrides?: string;
  @Field({
    nullable: true,
    description: 'Client-credentials and JWT-bearer modes: the client id (Entra ID application id, Salesforce consumer key, Google service account email).',
  })
  clientId?: string;
  @Field({ nullable: true, description: 'Client-credentials modes: the client secret; a token is minted with it at once, then it stays in the secret store.' })
  clientSecret?: string;
  @Field({ nullable: true, description: 'JWT-bearer modes: the RSA private key in PKCS #8 PEM that signs the assertions; kept in the secret store only.' })
  privateKey?: string;
  @Field({ nullable: true, description: "JWT-bearer modes: the key's id, sent as the assertion's `kid` (Google `private_key_id`)." }) keyId?: string;
  @Field({
    nullable: true,
    description:
      "Google JWT-bearer modes: the service account's JSON key file as downloaded, instead of clientId, privateKey and keyId (its client_email, private_key and private_key_id); kept in the secret store only.",
  })
  serviceAccountKey?: string;
  @Field({ nullable: true, description: 'JWT-bearer modes: who the token acts as: the Salesforce username, or the Google Workspace user to impersonate.' })
  subject?: string;
  @Field(() => [String], { nullable: true, description: "Minting modes: scopes to ask for; default the mode's (Microsoft Graph `.default`)." })
  scopes?: string[];
}

@InputType({ description: "Starts an OAuth consent for a new connection. Needs create:Connection and the tenant's OAuth app for the provider." })
export class StartConnectionInputModel {
  @Field({ description: 'Catalog provider id with an OAuth auth mode.' }) provider!: string;
  @Field({ description: 'For people, 1 to 100 characters.' }) name!: string;
  @Field({ nullable: true, description: "Id of one of the provider's OAuth modes; default its first." }) authMode?: string;
  @Field({ description: '`shared` or `user`.' }) kind!: string;
  @Field(() => ID, { nullable: true, description: 'For `user`: the member whose account it is; default you.' }) ownerUserId?: string;
  @Field({ nullable: true, description: 'For `user`: an end user outside the tenant, as agents name them in onBehalfOf.' }) externalUserRef?: string;
  @Field(() => [String], {
    nullable: true,
    description: 'OAuth scopes to ask for; omitted: none (Slack, for one, then refuses). `providers.toolScopes` names what the tools need.',
  })
  scopes?: string[];
  @Field(() => String, { nullable: true, description: 'JSON object of server URL overrides (operator-enabled only).' }) serverOverrides?: string;
  @Field(() => String, {
    nullable: true,
    description:
      'JSON object of the parameters a per-tenant authorization server needs (see the auth mode\'s `params`), e.g. {"tenant":"contoso.onmicrosoft.com"}.',
  })
  params?: string;
}

export const ConnectionConnection = ConnectionOf(ConnectionModel, 'Connection');
