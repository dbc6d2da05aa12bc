export type { VendorWebhook } from './vendor-webhook';
export { slackEventCallback, slackUrlVerification, slackHeaders } from './slack-webhooks';
export { githubWebhook } from './github-webhooks';
export { stripeWebhook } from './stripe-webhooks';
export { jiraWebhook } from './jira-webhooks';
export { sendVendorWebhook, type SendOptions, type SendResult } from './webhook-sender';
export { HookRegistry, type RegisteredHook, type HookDelivery } from './hook-registry';
export { contentfulWebhook } from './contentful-webhooks';
