export { ManualClock, systemClock, type Clock } from './common/clock';
export type { FaultSpec } from './common/faults';
export { DEFAULT_CLIENT, type SimulatedClient } from './common/oauth';
export type { RunningSimulator, SimulatorControl } from './common/simulator-server';
export { startSlackSimulator, SLACK_DEFAULT_SCOPES, type SlackSimulatorControl, type SlackSimulatorOptions } from './slack/slack-simulator';
export { startJiraSimulator, JIRA_DEFAULT_SCOPES, type JiraSimulatorControl, type JiraSimulatorOptions } from './jira/jira-simulator';
export { startSalesforceSimulator, type SalesforceSimulatorControl, type SalesforceSimulatorOptions } from './salesforce/salesforce-simulator';
export {
  startContentfulSimulator,
  type ContentfulSimulator,
  type ContentfulSimulatorControl,
  type ContentfulSimulatorOptions,
} from './contentful/contentful-simulator';
export { startGitHubSimulator, type GitHubSimulatorControl, type GitHubSimulatorOptions } from './github/github-simulator';
export {
  startAllSimulators,
  type AllSimulators,
  type SimulatorPorts,
  type SimulatorWiring,
  type TokenSimulatorProvider,
  type TokenSimulatorWiring,
} from './all-simulators';
export * from './webhooks';
export type { TokenApiControl } from './common/token-api';
export { startZendeskSimulator, type ZendeskSimulatorControl, type ZendeskSimulatorOptions } from './zendesk/zendesk-simulator';
export { startHubSpotSimulator, type HubSpotSimulatorControl, type HubSpotSimulatorOptions } from './hubspot/hubspot-simulator';
export { startNotionSimulator, type NotionSimulatorControl, type NotionSimulatorOptions } from './notion/notion-simulator';
export { startGitLabSimulator, type GitLabSimulatorControl, type GitLabSimulatorOptions } from './gitlab/gitlab-simulator';
export { startPagerDutySimulator, type PagerDutySimulatorControl, type PagerDutySimulatorOptions } from './pagerduty/pagerduty-simulator';
export { startStripeSimulator, type StripeSimulatorControl, type StripeSimulatorOptions } from './stripe/stripe-simulator';
export { startAsanaSimulator, type AsanaSimulatorControl, type AsanaSimulatorOptions } from './asana/asana-simulator';
export {
  startSpecDrivenSimulator,
  type SpecDrivenSimulator,
  type SpecDrivenSimulatorControl,
  type SpecDrivenSimulatorOptions,
} from './spec-driven/spec-driven-simulator';
export type { ImportedProviderShape } from './spec-driven/imported-api';
export { startLinearSimulator, type LinearSimulatorControl, type LinearSimulatorOptions } from './linear/linear-simulator';
export { startMicrosoftSimulator, type MicrosoftSimulatorControl, type MicrosoftSimulatorOptions } from './microsoft/microsoft-simulator';
export { startGoogleOAuthSimulator, type GoogleOAuthSimulatorControl, type GoogleOAuthSimulatorOptions } from './google/google-oauth-simulator';
