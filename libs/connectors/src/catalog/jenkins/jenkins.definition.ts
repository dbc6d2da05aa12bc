import { defineProvider } from '../../definition/define';
import { BASIC_HEADER } from '../shared/auth-pieces';

const REMOTE_API_DOC = 'https://www.jenkins.io/doc/book/using/remote-access-api/';

/**
 * Jenkins remote access API on the tenant's own server: there is no vendor host, so the only
 * host a connection may call is the one of the base URL its admin gives.
 */
export const jenkins = defineProvider({
  id: 'jenkins',
  name: 'Jenkins',
  description: 'Jenkins remote access API on a self-hosted server: jobs, builds, queue and console output (append /api/json to any page).',
  docsUrl: REMOTE_API_DOC,
  servers: {
    default: { url: '{baseUrl}', description: 'The Jenkins root URL; every page has an /api/json view.', source: REMOTE_API_DOC },
  },
  connectionParams: {
    baseUrl: {
      description: 'Root URL of the Jenkins server (with its context path).',
      example: 'https://ci.example.com/jenkins',
      source: 'admin',
      selfHosted: true,
    },
  },
  hosts: [],
  pagination: {
    style: 'none',
    notes: 'No paging parameters: the `tree` parameter selects fields and takes ranges such as `builds[number]{0,50}`.',
    source: REMOTE_API_DOC,
  },
  authModes: [
    {
      id: 'api_token',
      type: 'basic',
      label: 'Jenkins user name + API token',
      docsUrl: 'https://www.jenkins.io/doc/book/system-administration/authenticating-scripted-clients/',
      inject: BASIC_HEADER,
      notes: 'Requests authenticated with an API token need no CSRF crumb.',
    },
  ],
  rateLimitSignals: {
    source: REMOTE_API_DOC,
    retryAfterHeader: 'retry-after',
    partitioning: 'None built in: whatever the server (or a proxy in front of it) enforces.',
  },
  declaredLimits: [],
  noPublishedLimit: { statement: 'Jenkins has no built-in API rate limit; a self-hosted server allows what its operator configures.', source: REMOTE_API_DOC },
  errors: {
    source: REMOTE_API_DOC,
    // Errors are mostly HTML pages; only the status is reliable.
    envelope: { codePaths: [], messagePaths: ['message'], fieldPaths: [] },
    rules: [],
  },
  actions: [],
  sourceFile: __filename,
});
