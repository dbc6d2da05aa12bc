import { defineProvider } from '../../definition/define';
import { BASIC_HEADER } from '../shared/auth-pieces';

const GETTING_STARTED = 'https://documentation.bamboohr.com/docs/getting-started';

/** BambooHR API for one company, named by its subdomain. */
export const bamboohr = defineProvider({
  id: 'bamboohr',
  name: 'BambooHR',
  description: 'BambooHR API: employees, directory, time off, custom reports, files and tables.',
  docsUrl: 'https://documentation.bamboohr.com/reference',
  servers: {
    default: { url: 'https://api.bamboohr.com/api/gateway.php/{companyDomain}/v1', description: 'The company\'s API root.', source: GETTING_STARTED },
  },
  connectionParams: {
    companyDomain: { description: 'The company subdomain, `acme` in acme.bamboohr.com.', example: 'acme', source: 'admin', pattern: '[a-z0-9][a-z0-9-]*' },
  },
  hosts: ['api.bamboohr.com'],
  pagination: { style: 'none', notes: 'Directory and custom reports return the full list; there are no paging parameters.', source: 'https://documentation.bamboohr.com/reference' },
  authModes: [
    {
      id: 'api_key',
      type: 'basic',
      label: 'BambooHR API key',
      docsUrl: GETTING_STARTED,
      inject: BASIC_HEADER,
      notes: 'The API key is the username; the password can be any string (e.g. "x").',
    },
  ],
  rateLimitSignals: {
    source: GETTING_STARTED,
    retryAfterHeader: 'retry-after',
    partitioning: 'Per company and key; BambooHR publishes no numbers and answers 503 when limiting.',
  },
  declaredLimits: [],
  noPublishedLimit: { statement: 'BambooHR publishes no API rate limit; a limited request gets 503 Service Unavailable, possibly with Retry-After.', source: GETTING_STARTED },
  errors: {
    source: GETTING_STARTED,
    // The reason is in the `X-BambooHR-Error-Message` header; bodies are usually empty.
    envelope: { codePaths: [], messagePaths: ['message'], fieldPaths: [] },
    rules: [{ when: { status: [503] }, code: 'upstream_rate_limited', defaultRetryAfterMs: 5000, because: 'BambooHR signals rate limiting with 503' }],
  },
  actions: [],
  sourceFile: __filename,
});
