import { createCatalog } from './catalog';
import { contentful } from './contentful/contentful.definition';
import { github } from './github/github.definition';
import { jira } from './jira/jira.definition';
import { salesforce } from './salesforce/salesforce.definition';
import { slack } from './slack/slack.definition';

/** Every provider the platform ships, in the order tools are listed. */
export const providerDefinitions = [slack, jira, salesforce, contentful, github];

export const catalog = createCatalog(providerDefinitions);
