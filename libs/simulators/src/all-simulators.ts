import type { Clock } from './common/clock';
import { startContentfulSimulator, type ContentfulSimulator } from './contentful/contentful-simulator';
import { startGitHubSimulator, type GitHubSimulatorControl } from './github/github-simulator';
import { startJiraSimulator, type JiraSimulatorControl } from './jira/jira-simulator';
import { startSalesforceSimulator, type SalesforceSimulatorControl } from './salesforce/salesforce-simulator';
import type { RunningSimulator } from './common/simulator-server';
import { startSlackSimulator, type SlackSimulatorControl } from './slack/slack-simulator';
import { startAsanaSimulator } from './asana/asana-simulator';
import { startGitLabSimulator } from './gitlab/gitlab-simulator';
import { startHubSpotSimulator } from './hubspot/hubspot-simulator';
import { startNotionSimulator } from './notion/notion-simulator';
import { startPagerDutySimulator } from './pagerduty/pagerduty-simulator';
import { startStripeSimulator } from './stripe/stripe-simulator';
import { startZendeskSimulator } from './zendesk/zendesk-simulator';
import type { TokenApiControl } from './common/token-api';

/**
 * How to point a connection at a simulator: the server URL templates to use instead of the
 * vendor's, the connection parameters a real OAuth flow would have discovered, and the OAuth
 * endpoints. Plain data, so this library needs nothing from the connectors library.
 */
export interface SimulatorWiring {
  serverOverrides: Record<string, string>;
  connectionParams: Record<string, string>;
  oauth: { authorizeUrl: string; tokenUrl?: string; revokeUrl?: string; discoveryUrl?: string };
}

/**
 * How to point a connection at a simulator that takes an API token rather than an OAuth
 * consent: the server URL templates, the connection parameters, and a token it accepts.
 */
export interface TokenSimulatorWiring {
  serverOverrides: Record<string, string>;
  connectionParams: Record<string, string>;
  issueToken(): string;
}

export type TokenSimulatorProvider = 'zendesk' | 'hubspot' | 'notion' | 'gitlab' | 'pagerduty' | 'stripe' | 'asana';

export interface AllSimulators {
  slack: RunningSimulator<SlackSimulatorControl>;
  jira: RunningSimulator<JiraSimulatorControl>;
  salesforce: RunningSimulator<SalesforceSimulatorControl>;
  contentful: ContentfulSimulator;
  github: RunningSimulator<GitHubSimulatorControl>;
  /** Keyed by connector provider id. */
  wiring: Record<'slack' | 'jira' | 'salesforce' | 'contentful' | 'github', SimulatorWiring>;
  /** The token-authenticated simulators, keyed by connector provider id. */
  tokenWiring: Record<TokenSimulatorProvider, TokenSimulatorWiring>;
  stop(): Promise<void>;
}

/** Where each simulator listens; a missing or 0 port picks a free one. */
export type SimulatorPorts = Partial<Record<'slack' | 'jira' | 'salesforce' | 'contentful' | 'contentfulDelivery' | 'github' | TokenSimulatorProvider, number>>;

/**
 * Starts one simulator per provider on loopback (the embedded default's upstreams): on the
 * given ports, so connections made against a previous start still point at them, or free ones.
 */
export async function startAllSimulators(options: { clock?: Clock; ports?: SimulatorPorts } = {}): Promise<AllSimulators> {
  const { clock, ports = {} } = options;
  const started = await Promise.allSettled([
    startSlackSimulator({ clock, port: ports.slack }),
    startJiraSimulator({ clock, port: ports.jira }),
    startSalesforceSimulator({ clock, port: ports.salesforce }),
    startContentfulSimulator({ clock, port: ports.contentful, deliveryPort: ports.contentfulDelivery }),
    startGitHubSimulator({ clock, port: ports.github }),
    startZendeskSimulator({ clock, port: ports.zendesk }),
    startHubSpotSimulator({ clock, port: ports.hubspot }),
    startNotionSimulator({ clock, port: ports.notion }),
    startGitLabSimulator({ clock, port: ports.gitlab }),
    startPagerDutySimulator({ clock, port: ports.pagerduty }),
    startStripeSimulator({ clock, port: ports.stripe }),
    startAsanaSimulator({ clock, port: ports.asana }),
  ] as const);
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    // A port was taken: leave nothing listening, so the caller can start again elsewhere.
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    throw failed.reason;
  }
  const value = <T>(result: PromiseSettledResult<T>): T => (result as PromiseFulfilledResult<T>).value;
  const [slack, jira, salesforce, contentful, github] = [value(started[0]), value(started[1]), value(started[2]), value(started[3]), value(started[4])];
  const [zendesk, hubspot, notion, gitlab, pagerduty, stripe, asana] = [
    value(started[5]),
    value(started[6]),
    value(started[7]),
    value(started[8]),
    value(started[9]),
    value(started[10]),
    value(started[11]),
  ];
  const tokenApi = (sim: { url: string; control: TokenApiControl }, basePath: string, connectionParams: Record<string, string> = {}): TokenSimulatorWiring => ({
    serverOverrides: { default: `${sim.url}${basePath}` },
    connectionParams,
    issueToken: () => sim.control.issueToken(),
  });
  const tokenSims = [zendesk, hubspot, notion, gitlab, pagerduty, stripe, asana];
  return {
    slack,
    jira,
    salesforce,
    contentful,
    github,
    wiring: {
      slack: {
        serverOverrides: { default: `${slack.url}/api` },
        connectionParams: {},
        oauth: { authorizeUrl: `${slack.url}/oauth/v2/authorize`, tokenUrl: `${slack.url}/api/oauth.v2.access`, revokeUrl: `${slack.url}/api/auth.revoke` },
      },
      jira: {
        serverOverrides: { default: `${jira.url}/ex/jira/{cloudId}`, site: jira.url },
        connectionParams: { cloudId: jira.control.cloudId, siteUrl: jira.url },
        oauth: { authorizeUrl: `${jira.url}/authorize`, tokenUrl: `${jira.url}/oauth/token`, discoveryUrl: `${jira.url}/oauth/token/accessible-resources` },
      },
      salesforce: {
        serverOverrides: {},
        connectionParams: { instanceUrl: salesforce.url },
        oauth: {
          authorizeUrl: `${salesforce.url}/services/oauth2/authorize`,
          tokenUrl: `${salesforce.url}/services/oauth2/token`,
          revokeUrl: `${salesforce.url}/services/oauth2/revoke`,
        },
      },
      contentful: {
        serverOverrides: { default: contentful.url, delivery: contentful.deliveryUrl },
        connectionParams: {},
        oauth: { authorizeUrl: `${contentful.url}/oauth/authorize`, revokeUrl: `${contentful.url}/oauth/revoke` },
      },
      github: {
        serverOverrides: { default: github.url },
        connectionParams: {},
        oauth: {
          authorizeUrl: `${github.url}/login/oauth/authorize`,
          tokenUrl: `${github.url}/login/oauth/access_token`,
          revokeUrl: `${github.url}/applications/{client_id}/token`,
        },
      },
    },
    tokenWiring: {
      zendesk: tokenApi(zendesk, '/api/v2', { subdomain: 'demo' }),
      hubspot: tokenApi(hubspot, ''),
      notion: tokenApi(notion, '/v1'),
      gitlab: tokenApi(gitlab, '/api/v4'),
      pagerduty: tokenApi(pagerduty, ''),
      stripe: tokenApi(stripe, '/v1'),
      asana: tokenApi(asana, '/api/1.0'),
    },
    stop: async () => {
      await Promise.all([slack.stop(), jira.stop(), salesforce.stop(), contentful.stop(), github.stop(), ...tokenSims.map((sim) => sim.stop())]);
    },
  };
}
