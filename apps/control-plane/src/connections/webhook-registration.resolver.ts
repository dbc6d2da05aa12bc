import { Args, Field, GraphQLISODateTime, ID, Mutation, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { RequirePermission } from '../auth/access-levels';
import { actorOf, tenantOf } from '../auth/actor';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { parseId } from '../common/ids';
import { ConnectionModel } from './connection.models';
import { MANUAL_WEBHOOK_STEPS, webhookProviderFor } from './webhook-providers';
import { WebhookRegistrationService } from './webhook-registration';
import type { WebhookRegistration } from './webhook-registration.entity';

@ObjectType('WebhookRegistration', { description: "A connection's inbound webhook at its provider. The signing secret is never shown." })
export class WebhookRegistrationModel {
  @Field({
    description:
      '`registered` (Causeway created the hook at the provider; deleting the connection deletes it), `failed` (the last attempt was refused: see `reason`) or `manual` (the secret was set with setWebhookSecret).',
  })
  status!: string;
  @Field({ description: 'The inbound URL given to the provider.' }) url!: string;
  @Field(() => String, { nullable: true, description: 'What the hook is attached to (`owner/repo` for GitHub); null where the provider needs nothing.' })
  target!: string | null;
  @Field(() => String, { nullable: true, description: "The provider's id of the hook, when registered." }) providerHookId!: string | null;
  @Field(() => String, { nullable: true, description: "Why the last attempt failed, in the provider's words." }) reason!: string | null;
  @Field(() => GraphQLISODateTime, { description: 'Last change.' }) updatedAt!: Date;
}

@ObjectType({ description: 'The outcome of registerWebhook: a refusal by the provider is reported here, not as an error.' })
export class WebhookRegistrationResult {
  @Field({ description: 'True when the provider now holds the hook and its secret is in the secret store.' }) ok!: boolean;
  @Field(() => String, { nullable: true, description: 'Error code when the provider refused or was unreachable, e.g. `upstream_forbidden`.' })
  code!: string | null;
  @Field(() => String, { nullable: true, description: "The provider's explanation when it refused." }) message!: string | null;
  @Field(() => WebhookRegistrationModel, {
    nullable: true,
    description: 'The registration as it now stands (a hook registered before a failed attempt stays registered).',
  })
  registration!: WebhookRegistrationModel | null;
}

@ObjectType({ description: 'Where the vendor must send webhooks once setWebhookSecret stored the secret it signs with.' })
export class WebhookSecretSet {
  @Field({ description: "The connection's inbound URL, to paste in the vendor's settings." }) url!: string;
  @Field(() => String, { nullable: true, description: "Where in the vendor's settings the URL goes, for providers without a registration API." })
  manualStep!: string | null;
}

const toModel = (row: WebhookRegistration): WebhookRegistrationModel => ({
  status: row.status,
  url: row.url,
  target: row.target,
  providerHookId: row.providerHookId,
  reason: row.reason,
  updatedAt: row.updatedAt,
});

/** Webhook registration at providers (registerWebhook, setWebhookSecret) and what connections show of it. */
@Resolver(() => ConnectionModel)
export class WebhookRegistrationResolver {
  constructor(private readonly webhooks: WebhookRegistrationService) {}

  @ResolveField(() => WebhookRegistrationModel, {
    nullable: true,
    description: "The connection's inbound webhook at its provider, if one was registered or set up.",
  })
  async webhook(@Parent() connection: ConnectionModel, @CurrentPrincipal() principal: Principal | undefined): Promise<WebhookRegistrationModel | null> {
    if (!principal?.tenantId) return null;
    const row = await this.webhooks.registrationOf(principal.tenantId, connection.id);
    return row ? toModel(row) : null;
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      "How this provider's webhooks are connected: `registerWebhook` where its API allows it, otherwise where to paste the URL; null for providers without webhooks.",
  })
  webhookSetup(@Parent() connection: ConnectionModel): string | null {
    const strategy = webhookProviderFor(connection);
    if (strategy)
      return strategy.target
        ? `registerWebhook(connectionId, target: ${strategy.target.describe}) creates the hook and its secret`
        : 'registered when connected (and by registerWebhook); the provider generates the secret';
    return MANUAL_WEBHOOK_STEPS[connection.provider] ?? null;
  }

  @RequirePermission('update:Connection')
  @Mutation(() => WebhookRegistrationResult, {
    description:
      "Registers the connection's inbound webhook at its provider (GitHub repository hooks, Stripe webhook endpoints, Jira admin webhooks with an API-token connection, Contentful webhook definitions and the space's signing secret) with the connection's credential, keeping the signing secret in the secret store. Replaces a hook registered before. Needs PUBLIC_WEBHOOK_BASE_URL.",
  })
  async registerWebhook(
    @CurrentPrincipal() principal: Principal,
    @Args('connectionId', { type: () => ID, description: 'Id of the connection.' }) connectionId: string,
    @Args('target', {
      type: () => String,
      nullable: true,
      description: 'What to attach the hook to where the provider needs it: GitHub `owner/repo`, Contentful the space id; omit for Stripe and Jira.',
    })
    target: string | null,
  ): Promise<WebhookRegistrationResult> {
    const outcome = await this.webhooks.register(tenantOf(principal), actorOf(principal), parseId(connectionId, 'connectionId'), target);
    return {
      ok: outcome.ok,
      code: outcome.code ?? null,
      message: outcome.message ?? null,
      registration: outcome.registration ? toModel(outcome.registration) : null,
    };
  }

  @RequirePermission('update:Connection')
  @Mutation(() => WebhookSecretSet, {
    description:
      "Stores the secret a vendor signs the connection's webhooks with (Slack's signing secret, a Jira or Contentful webhook secret), for hooks set up in the vendor's settings. The previous secret keeps verifying until the next change. Never shown again.",
  })
  async setWebhookSecret(
    @CurrentPrincipal() principal: Principal,
    @Args('connectionId', { type: () => ID, description: 'Id of the connection.' }) connectionId: string,
    @Args('secret', { description: 'The signing secret, 16 to 512 characters, as the vendor shows it.' }) secret: string,
  ): Promise<WebhookSecretSet> {
    const { url, connection } = await this.webhooks.setSecret(tenantOf(principal), actorOf(principal), {
      connectionId: parseId(connectionId, 'connectionId'),
      secret,
    });
    return { url, manualStep: MANUAL_WEBHOOK_STEPS[connection.provider] ?? null };
  }
}
