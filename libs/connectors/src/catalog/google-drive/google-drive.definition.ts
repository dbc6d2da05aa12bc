import { defineProvider } from '../../definition/define';
import { GOOGLE_HOSTS, googleAuthModes, googleErrors } from '../shared/google';

const LIMITS_DOC = 'https://developers.google.com/drive/api/guides/limits';

/** Google Drive API v3. */
export const googleDrive = defineProvider({
  id: 'google_drive',
  name: 'Google Drive',
  description: 'Google Drive API v3: files and folders (search, metadata, content, export), permissions, comments and shared drives.',
  docsUrl: 'https://developers.google.com/drive/api/reference/rest/v3',
  servers: {
    default: {
      url: 'https://www.googleapis.com/drive/v3',
      description: 'Metadata and content.',
      source: 'https://developers.google.com/drive/api/reference/rest/v3',
    },
    upload: {
      url: 'https://www.googleapis.com/upload/drive/v3',
      description: 'Media and resumable uploads.',
      source: 'https://developers.google.com/drive/api/guides/manage-uploads',
    },
  },
  connectionParams: {},
  hosts: ['www.googleapis.com', ...GOOGLE_HOSTS],
  pagination: {
    style: 'page_token',
    notes: '`pageSize` and `pageToken` in; `files` and `nextPageToken` out.',
    source: 'https://developers.google.com/drive/api/reference/rest/v3/files/list',
  },
  authModes: googleAuthModes('Scopes: https://www.googleapis.com/auth/drive.readonly, drive.file, drive.'),
  rateLimitSignals: {
    source: LIMITS_DOC,
    partitioning:
      'Quota units per minute per project and per minute per user per project, each method costing units; 403 userRateLimitExceeded or 429 when exceeded.',
  },
  declaredLimits: [],
  noPublishedLimit: {
    statement:
      'Drive counts quota units, not requests (1,000,000 units per minute per project, 325,000 per minute per user per project, each method costing its own units), so no request count is declared; back off exponentially on 403/429.',
    source: LIMITS_DOC,
  },
  errors: googleErrors,
  actions: [],
  sourceFile: __filename,
});
