import type { ActionDefinition } from '../definition/action';
import type { AuthMode, HttpAuthMode } from '../definition/auth-modes';
import type { ProviderDefinition } from '../definition/provider';
import { actionError } from './action-error';
import type { ActionError, Credential, UpstreamRequest } from './types';

/** Picks the auth mode a credential claims and checks it may call this action. */
export function resolveAuthMode(
  provider: ProviderDefinition,
  action: ActionDefinition,
  credential: Credential,
): { ok: true; mode: HttpAuthMode } | { ok: false; error: ActionError } {
  const found = findHttpAuthMode(provider, credential);
  if (!found.ok) return found;
  const { mode } = found;
  if (action.authModes && !action.authModes.includes(mode.id)) {
    const wanted = action.authModes.map((id) => provider.authModes.find((candidate) => candidate.id === id)?.label ?? id).join(' or ');
    return { ok: false, error: actionError('connection_required', `${action.id} needs a ${provider.name} connection using ${wanted}`) };
  }
  return found;
}

/**
 * The HTTP auth mode a credential claims, refusing one that does not fit it: a two-part
 * credential (username and password) only for `basic`, a token for everything else. A
 * database login is not HTTP: it needs the database driver stage.
 */
export function findHttpAuthMode(provider: ProviderDefinition, credential: Credential): { ok: true; mode: HttpAuthMode } | { ok: false; error: ActionError } {
  const mode: AuthMode | undefined = provider.authModes.find((candidate) => candidate.id === credential.authMode);
  if (!mode) {
    return { ok: false, error: actionError('connection_required', `${provider.name} has no auth mode "${credential.authMode}"`) };
  }
  if (mode.type === 'database_password') {
    return { ok: false, error: actionError('connection_required', `${provider.name} is reached through its database protocol, not HTTP`) };
  }
  if ((mode.type === 'basic') !== (credential.kind === 'basic')) {
    return { ok: false, error: actionError('connection_required', `the credential does not fit ${provider.name} auth mode "${mode.id}"`) };
  }
  return { ok: true, mode };
}

/** Adds the secret to the request the way the mode says; mutates `request`. */
export function injectCredential(mode: HttpAuthMode, credential: Credential, request: UpstreamRequest): void {
  const { inject } = mode;
  if (inject.in === 'header' && inject.passwordHeader && credential.kind === 'basic') {
    // Two halves, two headers (Datadog API key + application key): no HTTP Basic encoding.
    request.headers[inject.name.toLowerCase()] = credential.username;
    request.headers[inject.passwordHeader.toLowerCase()] = credential.password;
    return;
  }
  const secret = credential.kind === 'basic' ? Buffer.from(`${credential.username}:${credential.password}`, 'utf8').toString('base64') : credential.token;
  if (inject.in === 'header') {
    request.headers[inject.name.toLowerCase()] = inject.template
      ? inject.template.replace('{secret}', secret)
      : inject.scheme
        ? `${inject.scheme} ${secret}`
        : secret;
    for (const [name, value] of Object.entries(inject.extraHeaders ?? {})) request.headers[name.toLowerCase()] = value;
  } else {
    const url = new URL(request.url);
    url.searchParams.set(inject.name, secret);
    request.url = url.toString();
  }
}
