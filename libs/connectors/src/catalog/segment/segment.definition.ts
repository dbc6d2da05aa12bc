import { defineProvider } from '../../definition/define';
import { BEARER_HEADER } from '../shared/auth-pieces';

const PUBLIC_API = 'https://docs.segmentapis.com/';

/** Segment Public API (workspace configuration: sources, destinations, tracking plans, users). */
export const segment = defineProvider({
  id: 'segment',
  name: 'Segment',
  description: 'Segment Public API: sources, destinations, warehouses, tracking plans, functions and workspace users.',
  docsUrl: PUBLIC_API,
  servers: {
    default: { url: 'https://api.segmentapis.com', description: 'US workspaces.', source: PUBLIC_API },
    eu: { url: 'https://eu1.api.segmentapis.com', description: 'EU workspaces.', source: PUBLIC_API },
  },
  connectionParams: {},
  hosts: ['api.segmentapis.com', 'eu1.api.segmentapis.com'],
  pagination: {
    style: 'cursor',
    notes: '`pagination[count]` and `pagination[cursor]` in; `data.pagination.next` out.',
    source: 'https://docs.segmentapis.com/tag/Pagination',
  },
  authModes: [
    {
      id: 'public_api_token',
      type: 'bearer_token',
      label: 'Segment Public API token (US)',
      docsUrl: 'https://docs.segmentapis.com/tag/Getting-Started',
      inject: BEARER_HEADER,
    },
    {
      id: 'public_api_token_eu',
      type: 'bearer_token',
      label: 'Segment Public API token (EU workspace)',
      docsUrl: 'https://docs.segmentapis.com/tag/Getting-Started',
      inject: BEARER_HEADER,
      server: 'eu',
    },
  ],
  rateLimitSignals: {
    source: 'https://docs.segmentapis.com/tag/Rate-Limits',
    retryAfterHeader: 'retry-after',
    remainingHeader: 'x-ratelimit-remaining',
    limitHeader: 'x-ratelimit-limit',
    partitioning: 'Per workspace token per endpoint.',
  },
  declaredLimits: [],
  noPublishedLimit: {
    statement: 'Segment lists Public API limits per endpoint rather than one number; calls are paced on 429 and the rate-limit headers.',
    source: 'https://docs.segmentapis.com/tag/Rate-Limits',
  },
  errors: {
    source: 'https://docs.segmentapis.com/tag/Errors',
    // `{ errors: [{ type, message, field? }] }`.
    envelope: { codePaths: ['errors.0.type'], messagePaths: ['errors.0.message'], fieldPaths: ['errors.0.field'] },
    rules: [],
  },
  actions: [],
  sourceFile: __filename,
});
