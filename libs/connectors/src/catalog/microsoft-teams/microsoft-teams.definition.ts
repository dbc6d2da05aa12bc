import { defineProvider } from '../../definition/define';
import { GRAPH_PAGINATION, GRAPH_SERVER, graphErrors, MICROSOFT_HOSTS, microsoftAuthModes, microsoftTenantParam } from '../shared/microsoft';

const TEAMS_LIMITS_DOC = 'https://learn.microsoft.com/en-us/graph/throttling-limits#microsoft-teams-service-limits';

/** Microsoft Teams through Microsoft Graph (teams, channels, messages, chats). */
export const microsoftTeams = defineProvider({
  id: 'microsoft_teams',
  name: 'Microsoft Teams',
  description: 'Microsoft Teams via Microsoft Graph: teams, channels, channel messages and replies, chats and members.',
  docsUrl: 'https://learn.microsoft.com/en-us/graph/api/resources/teams-api-overview',
  servers: { default: GRAPH_SERVER },
  connectionParams: { tenant: microsoftTenantParam },
  hosts: MICROSOFT_HOSTS,
  pagination: GRAPH_PAGINATION,
  authModes: microsoftAuthModes('Delegated scopes such as ChannelMessage.Send, Chat.ReadWrite, Team.ReadBasic.All.'),
  rateLimitSignals: {
    source: 'https://learn.microsoft.com/en-us/graph/throttling',
    retryAfterHeader: 'retry-after',
    partitioning: 'Per app per tenant and per app across tenants, with separate limits for each Teams operation.',
  },
  declaredLimits: [],
  noPublishedLimit: {
    statement: 'Teams limits differ per Graph operation (listed one by one on the page) rather than one request count; calls are paced on 429 and Retry-After.',
    source: TEAMS_LIMITS_DOC,
  },
  errors: graphErrors,
  actions: [],
  sourceFile: __filename,
});
