import { asana } from './asana/asana.definition';
import { bamboohr } from './bamboohr/bamboohr.definition';
import { bigquery } from './bigquery/bigquery.definition';
import { bitbucket } from './bitbucket/bitbucket.definition';
import { createCatalog } from './catalog';
import { circleci } from './circleci/circleci.definition';
import { confluence } from './confluence/confluence.definition';
import { contentful } from './contentful/contentful.definition';
import { datadog } from './datadog/datadog.definition';
import { genericOAuth2 } from './generic-oauth2/generic-oauth2.definition';
import { github } from './github/github.definition';
import { gitlab } from './gitlab/gitlab.definition';
import { googleAnalytics } from './google-analytics/google-analytics.definition';
import { googleDrive } from './google-drive/google-drive.definition';
import { hubspot } from './hubspot/hubspot.definition';
import { intercom } from './intercom/intercom.definition';
import { jenkins } from './jenkins/jenkins.definition';
import { jira } from './jira/jira.definition';
import { linear } from './linear/linear.definition';
import { microsoftTeams } from './microsoft-teams/microsoft-teams.definition';
import { mixpanel } from './mixpanel/mixpanel.definition';
import { monday } from './monday/monday.definition';
import { netsuite } from './netsuite/netsuite.definition';
import { notion } from './notion/notion.definition';
import { outreach } from './outreach/outreach.definition';
import { pagerduty } from './pagerduty/pagerduty.definition';
import { pipedrive } from './pipedrive/pipedrive.definition';
import { postgresql } from './postgresql/postgresql.definition';
import { quickbooks } from './quickbooks/quickbooks.definition';
import { salesforce } from './salesforce/salesforce.definition';
import { segment } from './segment/segment.definition';
import { servicenow } from './servicenow/servicenow.definition';
import { sharepoint } from './sharepoint/sharepoint.definition';
import { slack } from './slack/slack.definition';
import { snowflake } from './snowflake/snowflake.definition';
import { stripe } from './stripe/stripe.definition';
import { workday } from './workday/workday.definition';
import { zendesk } from './zendesk/zendesk.definition';

/**
 * Every provider the platform ships, in the order tools are listed. A provider without actions
 * is usable through the raw proxy until its actions are written.
 */
export const providerDefinitions = [
  slack,
  jira,
  salesforce,
  contentful,
  github,
  confluence,
  gitlab,
  bitbucket,
  netsuite,
  zendesk,
  servicenow,
  intercom,
  pagerduty,
  datadog,
  hubspot,
  outreach,
  pipedrive,
  stripe,
  quickbooks,
  googleAnalytics,
  mixpanel,
  segment,
  notion,
  sharepoint,
  googleDrive,
  linear,
  asana,
  monday,
  microsoftTeams,
  workday,
  bamboohr,
  jenkins,
  circleci,
  snowflake,
  bigquery,
  postgresql,
];

/**
 * Providers that are auth profiles, not connectors: connections, token refresh and the raw
 * proxy know them, but they have no actions, so they list no tools.
 */
export const authOnlyProviders = [genericOAuth2];

export const catalog = createCatalog([...providerDefinitions, ...authOnlyProviders]);
export { GENERIC_OAUTH2_PROVIDER_ID } from './generic-oauth2/generic-oauth2.definition';
