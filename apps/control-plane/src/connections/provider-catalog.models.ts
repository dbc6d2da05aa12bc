import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('ProviderParam', {
  description: 'A connection parameter the admin supplies when connecting (a Zendesk subdomain, a Jenkins base URL); pass it in `params`.',
})
export class ProviderParamModel {
  @Field({ description: 'Key in the `params` JSON object of createConnection.' }) name!: string;
  @Field({ description: "What the value is, in the vendor's words." }) description!: string;
  @Field({ description: 'A value of the right shape, for a placeholder.' }) example!: string;
  @Field(() => String, { nullable: true, description: 'Regular expression the whole value must match, when the definition declares one.' })
  pattern!: string | null;
}

@ObjectType('ProviderAuthMode', { description: 'One way to authenticate to a provider, and what connecting with it takes.' })
export class ProviderAuthModeModel {
  @Field({ description: 'Pass as `authMode` to createConnection or startConnection.' }) id!: string;
  @Field({ description: 'Human name of the mode, e.g. "Bot token".' }) label!: string;
  @Field({
    description:
      'Credential kind: `oauth2_authorization_code`, `oauth2_implicit`, `oauth2_client_credentials`, `oauth2_jwt_bearer`, `bearer_token`, `api_key`, `basic` or `database_password`.',
  })
  type!: string;
  @Field({
    description:
      'How the console connects with it: `credential_form` (createConnection with the fields in `credentialFields`; client-credentials and JWT-bearer modes mint a token at once), `oauth_consent` (startConnection, then the browser goes to the provider) or `unsupported` (not connectable through the API yet). Either way, the parameters in `params` go in the `params` JSON.',
  })
  connectWith!: string;
  @Field(() => [String], {
    description:
      'Fields of createConnection the form asks for: `token`; `username` and `password`; `clientId` and `clientSecret` (client credentials); `clientId`, `privateKey` and `subject` (JWT bearer), or `serviceAccountKey` and `subject` (a Google service account); empty for consent modes.',
  })
  credentialFields!: string[];
  @Field(() => [String], { description: 'Those of `credentialFields` that may be left empty (a Google service account acts as itself without `subject`).' })
  optionalCredentialFields!: string[];
  @Field(() => [String], {
    description:
      "Names of the provider's `params` this mode needs before connecting, because its authorization or token endpoint is per tenant (`tenant` for login.microsoftonline.com/{tenant}); empty when the endpoints are the vendor's own.",
  })
  params!: string[];
  @Field({ description: "True when connecting needs this tenant's OAuth app for the provider (configureOAuthApp)." }) needsOAuthApp!: boolean;
  @Field({ description: 'True when this tenant has configured an OAuth app for the provider.' }) oauthAppConfigured!: boolean;
  @Field({ description: 'Vendor documentation of this way of authenticating (https).' }) docsUrl!: string;
}

@ObjectType('Provider', { description: 'A service Causeway can connect to, from the built-in connector catalog.' })
export class ProviderModel {
  @Field(() => ID, { description: 'Catalog id, e.g. `slack`; the `provider` of a connection and the prefix of its tools.' }) id!: string;
  @Field({ description: 'Display name, e.g. "Slack".' }) name!: string;
  @Field({ description: 'What the provider is and what its tools do.' }) description!: string;
  @Field({ description: 'Vendor API documentation (https).' }) docsUrl!: string;
  @Field(() => Int, { description: 'Number of typed tools (actions) the catalog offers for this provider; 0 means raw proxy only.' }) actionCount!: number;
  @Field(() => [ProviderAuthModeModel], { description: 'Ways to authenticate, the default first.' }) authModes!: ProviderAuthModeModel[];
  @Field(() => [ProviderParamModel], { description: 'Parameters the admin must supply when connecting (learned ones are not listed).' })
  params!: ProviderParamModel[];
  @Field(() => [String], {
    description: "OAuth scopes the catalog's tools for this provider need (their union), to ask for at consent; empty when the tools name none.",
  })
  toolScopes!: string[];
}
