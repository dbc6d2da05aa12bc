import type { FastifyRequest } from 'fastify';

/** RFC 9728 §3: the metadata of the resource at `/mcp` lives at this path suffixed with `/mcp`. */
export const PROTECTED_RESOURCE_PATH = '/.well-known/oauth-protected-resource';
export const MCP_RESOURCE_METADATA_PATH = `${PROTECTED_RESOURCE_PATH}/mcp`;

const HOW_TO_GET_A_KEY =
  'Causeway authenticates agents with an API key, not an OAuth authorization server: a tenant admin creates the key in the Causeway console ' +
  '(API keys → Create, or the createApiKey GraphQL mutation) and gives it to the agent, which sends it on every request as "Authorization: Bearer cw_…".';

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) for the data plane, which MCP clients
 * fetch after a 401 to learn how to authenticate.
 *
 * No `authorization_servers`: there is none to send a user to — keys are issued in the console.
 * Leaving it out (rather than inventing one) makes an OAuth-only client stop with a clear
 * "no authorization server" instead of a failed dance; the fields below say what to do instead.
 */
export function protectedResourceMetadata(origin: string, resourcePath: string) {
  return {
    resource: `${origin}${resourcePath}`,
    resource_name: 'Causeway (agents authenticate with an API key issued in the Causeway console)',
    bearer_methods_supported: ['header'],
    resource_documentation: `${origin}/openapi.json`,
    // RFC 9728 §2 allows further parameters; these name the credential for clients and the humans reading them.
    causeway_credential: 'api_key',
    causeway_credential_instructions: HOW_TO_GET_A_KEY,
  };
}

/**
 * `WWW-Authenticate` for a 401 of the MCP endpoint (RFC 6750 §3 and the MCP authorization
 * spec's `resource_metadata` parameter), so a client finds the metadata without guessing.
 */
export function mcpAuthenticateChallenge(request: FastifyRequest): string {
  const presented = request.headers.authorization !== undefined;
  const params = [
    'realm="causeway"',
    `resource_metadata="${requestOrigin(request)}${MCP_RESOURCE_METADATA_PATH}"`,
    ...(presented ? ['error="invalid_token"', 'error_description="the API key was not accepted"'] : []),
  ];
  return `Bearer ${params.join(', ')}`;
}

/**
 * The origin the client used. The Host header is the client's own claim, and it only shapes
 * the answer that same client reads, so trusting it here sends nobody else anywhere.
 */
export function requestOrigin(request: FastifyRequest): string {
  const host = request.headers.host ?? `localhost`;
  return `${request.protocol}://${host}`;
}
