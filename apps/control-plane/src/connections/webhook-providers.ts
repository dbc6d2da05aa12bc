/**
 * How each provider whose API allows it registers and deletes a webhook: the requests (paths
 * below the connection's server URL, as the raw proxy builds them) and where the answer keeps the
 * hook id. Pure data and parsing; webhook-registration.ts sends them with the connection's
 * credential through the egress guard.
 */

/** One request to the provider. `json` and `form` are the body, in the vendor's encoding. */
export interface HookRequest {
  method: 'POST' | 'PUT' | 'DELETE';
  path: string;
  json?: unknown;
  form?: Record<string, string>;
}

export interface HookCreated {
  hookId: string;
  /** Set when the provider generated the signing secret (Stripe's `whsec_…`, shown once). */
  secret?: string;
}

export interface HookArgs {
  url: string;
  secret: string | undefined;
  target: string | undefined;
}

export interface WebhookProvider {
  /** What the hook attaches to, when the provider needs to be told (checked before anything is sent). */
  target?: { pattern: RegExp; example: string; describe: string };
  /** The auth modes whose credential may register (default: all); others are set up by hand. */
  authModes?: readonly string[];
  /** The provider generates the secret and returns it once; otherwise Causeway generates it. */
  providerGeneratesSecret: boolean;
  /** The request that creates the hook; its answer names it (`created`). */
  create(args: HookArgs): HookRequest;
  created(body: unknown): HookCreated | undefined;
  /** Requests the hook needs once it exists (Contentful's signing secret); if one fails, the hook is deleted again. */
  configure?(args: HookArgs): HookRequest[];
  remove(args: { hookId: string; target: string | undefined }): HookRequest;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** GitHub repository hooks: https://docs.github.com/en/rest/repos/webhooks#create-a-repository-webhook */
const github: WebhookProvider = {
  target: { pattern: /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/, example: 'acme/api', describe: 'the repository, as owner/repo' },
  providerGeneratesSecret: false,
  create: ({ url, secret, target }) => ({
    method: 'POST',
    path: `repos/${target}/hooks`,
    json: { name: 'web', active: true, events: ['*'], config: { url, content_type: 'json', insecure_ssl: '0', secret } },
  }),
  created: (body) => {
    const id = record(body)['id'];
    return typeof id === 'number' || (typeof id === 'string' && id !== '') ? { hookId: String(id) } : undefined;
  },
  remove: ({ hookId, target }) => ({ method: 'DELETE', path: `repos/${target}/hooks/${encodeURIComponent(hookId)}` }),
};

/** Stripe webhook endpoints: https://docs.stripe.com/api/webhook_endpoints/create */
const stripe: WebhookProvider = {
  providerGeneratesSecret: true,
  create: ({ url }) => ({ method: 'POST', path: 'webhook_endpoints', form: { url, 'enabled_events[0]': '*', description: 'Causeway inbound events' } }),
  created: (body) => {
    const { id, secret } = record(body);
    return typeof id === 'string' && typeof secret === 'string' && secret.startsWith('whsec_') ? { hookId: id, secret } : undefined;
  },
  remove: ({ hookId }) => ({ method: 'DELETE', path: `webhook_endpoints/${encodeURIComponent(hookId)}` }),
};

/**
 * Jira admin webhooks over REST, the kind that carries a secret and signs with X-Hub-Signature
 * (https://developer.atlassian.com/server/jira/platform/webhooks/): a Jira administrator's
 * API-token connection on the site URL. Dynamic webhooks of OAuth apps (`/rest/api/3/webhook`)
 * are signed differently and expire after 30 days, so OAuth connections are set up by hand.
 */
const jira: WebhookProvider = {
  authModes: ['api_token'],
  providerGeneratesSecret: false,
  create: ({ url, secret }) => ({
    method: 'POST',
    path: 'rest/webhooks/1.0/webhook',
    json: {
      name: 'Causeway',
      url,
      events: ['jira:issue_created', 'jira:issue_updated', 'jira:issue_deleted', 'comment_created', 'comment_updated', 'comment_deleted'],
      excludeBody: false,
      secret,
    },
  }),
  created: (body) => {
    const self = record(body)['self'];
    const id = typeof self === 'string' ? /\/webhook\/(\d+)$/.exec(self)?.[1] : undefined;
    return id ? { hookId: id } : undefined;
  },
  remove: ({ hookId }) => ({ method: 'DELETE', path: `rest/webhooks/1.0/webhook/${encodeURIComponent(hookId)}` }),
};

/**
 * Contentful webhook definitions, signed with the space's request-signing secret
 * (https://www.contentful.com/developers/docs/webhooks/request-verification/). The secret is
 * one per space: registering a second connection's hook on the same space replaces it.
 */
const contentful: WebhookProvider = {
  target: { pattern: /^[A-Za-z0-9]{1,64}$/, example: '5KPW3HoFPIy35O6KwbPwkm', describe: 'the space id' },
  // The Management API's tokens; a Delivery API key cannot manage webhooks.
  authModes: ['oauth2', 'personal_access_token'],
  providerGeneratesSecret: false,
  create: ({ url, target }) => ({
    method: 'POST',
    path: `spaces/${target}/webhook_definitions`,
    json: { name: 'Causeway', url, topics: ['Entry.*', 'Asset.*', 'ContentType.*'], filters: [] },
  }),
  created: (body) => {
    const id = record(record(body)['sys'])['id'];
    return typeof id === 'string' && id !== '' ? { hookId: id } : undefined;
  },
  configure: ({ secret, target }) => [{ method: 'PUT', path: `spaces/${target}/webhook_settings/signing_secret`, json: { value: secret } }],
  remove: ({ hookId, target }) => ({ method: 'DELETE', path: `spaces/${target}/webhook_definitions/${encodeURIComponent(hookId)}` }),
};

/** Providers whose API registers webhooks, by connector provider id. */
export const WEBHOOK_PROVIDERS: Readonly<Record<string, WebhookProvider>> = { github, stripe, jira, contentful };

/** The strategy that can register this connection's webhook, if any (its provider's, when its auth mode may). */
export function webhookProviderFor(connection: { provider: string; authMode: string }): WebhookProvider | undefined {
  const strategy = WEBHOOK_PROVIDERS[connection.provider];
  return strategy && (!strategy.authModes || strategy.authModes.includes(connection.authMode)) ? strategy : undefined;
}

/** Providers where the URL and secret are pasted in the vendor's settings, and where. */
export const MANUAL_WEBHOOK_STEPS: Readonly<Record<string, string>> = {
  slack:
    "Slack has no API for it: paste the URL in the app's settings → Event Subscriptions → Request URL, and give the app's Signing Secret to setWebhookSecret.",
  jira: "Jira's webhooks with a secret are registered by a Jira administrator's API-token connection; otherwise paste the URL in Jira → Settings → System → WebHooks with a secret, and give the same secret to setWebhookSecret.",
  contentful: 'Paste the URL in Contentful → Space settings → Webhooks, enable request verification, and give its signing secret to setWebhookSecret.',
};

/** The vendor's own explanation in a refused answer, as GitHub, Stripe, Jira and Contentful shape it. */
export function vendorMessage(body: unknown): string | undefined {
  const root = record(body);
  const nested = record(root['error'])['message'];
  if (typeof nested === 'string') return nested;
  const details = Array.isArray(root['errors']) ? root['errors'].map((e) => record(e)['message']).filter((m): m is string => typeof m === 'string') : [];
  const jira = Array.isArray(root['errorMessages']) ? root['errorMessages'].filter((m): m is string => typeof m === 'string') : [];
  const parts = [typeof root['message'] === 'string' ? root['message'] : undefined, ...details, ...jira].filter(Boolean);
  return parts.length > 0 ? parts.join(': ') : undefined;
}
