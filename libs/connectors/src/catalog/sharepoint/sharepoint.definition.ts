import { defineProvider } from '../../definition/define';
import { GRAPH_PAGINATION, GRAPH_SERVER, graphErrors, MICROSOFT_HOSTS, microsoftAuthModes, microsoftTenantParam } from '../shared/microsoft';

const THROTTLING_DOC = 'https://learn.microsoft.com/en-us/sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online';

/** SharePoint Online through Microsoft Graph (sites, lists, drives and files). */
export const sharepoint = defineProvider({
  id: 'sharepoint',
  name: 'SharePoint',
  description: 'SharePoint Online via Microsoft Graph: sites, lists and list items, document libraries, files and search.',
  docsUrl: 'https://learn.microsoft.com/en-us/graph/api/resources/sharepoint',
  servers: { default: GRAPH_SERVER },
  connectionParams: { tenant: microsoftTenantParam },
  // File downloads redirect from Graph to the tenant's SharePoint host.
  hosts: [...MICROSOFT_HOSTS, '*.sharepoint.com'],
  pagination: GRAPH_PAGINATION,
  authModes: microsoftAuthModes('Delegated scopes such as Sites.Read.All, Files.ReadWrite.All.'),
  rateLimitSignals: {
    source: 'https://learn.microsoft.com/en-us/graph/throttling',
    retryAfterHeader: 'retry-after',
    partitioning: "SharePoint counts resource units per app per tenant per minute and per day, scaled by the tenant's licences, plus per-user limits.",
  },
  declaredLimits: [],
  noPublishedLimit: {
    statement:
      'SharePoint Online throttles in resource units (each request costs 1 to 5) scaled by tenant size, not in requests; it answers 429 or 503 with Retry-After.',
    source: THROTTLING_DOC,
  },
  errors: graphErrors,
  actions: [],
  sourceFile: __filename,
});
