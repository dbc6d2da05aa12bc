import { createCatalog } from './catalog';
import { contentful } from './contentful/contentful.definition';
import { genericOAuth2 } from './generic-oauth2/generic-oauth2.definition';
import { github } from './github/github.definition';
import { jira } from './jira/jira.definition';
import { salesforce } from './salesforce/salesforce.definition';
import { slack } from './slack/slack.definition';

/** Every provider the platform ships, in the order tools are listed. */
export const providerDefinitions = [slack, jira, salesforce, contentful, github];

/**
 * Providers that are auth profiles, not connectors: connections, token refresh and the raw
 * proxy know them, but they have no actions, so they list no tools.
 */
export const authOnlyProviders = [genericOAuth2];

export const catalog = createCatalog([...providerDefinitions, ...authOnlyProviders]);
export { GENERIC_OAUTH2_PROVIDER_ID } from './generic-oauth2/generic-oauth2.definition';
