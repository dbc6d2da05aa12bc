import { contentfulVerifier } from './contentful';
import { githubVerifier } from './github';
import { jiraVerifier } from './jira';
import { slackVerifier } from './slack';
import { stripeVerifier } from './stripe';
import type { WebhookVerifier } from './verifier';

export * from './verifier';

const verifiers: ReadonlyMap<string, WebhookVerifier> = new Map(
  [slackVerifier, githubVerifier, stripeVerifier, jiraVerifier, contentfulVerifier].map((v) => [v.provider, v]),
);

/** The verifier of a provider's webhooks, or undefined when Causeway cannot verify them yet. */
export function verifierFor(provider: string): WebhookVerifier | undefined {
  return verifiers.get(provider);
}

export const WEBHOOK_PROVIDERS = [...verifiers.keys()];
