import type { ActionDefinition } from '../definition/action';
import type { AuthMode } from '../definition/auth-modes';
import type { ProviderDefinition } from '../definition/provider';
import { actionError } from './action-error';
import type { ActionError, Credential, UpstreamRequest } from './types';

/** Picks the auth mode a credential claims and checks it may call this action. */
export function resolveAuthMode(
  provider: ProviderDefinition,
  action: ActionDefinition,
  credential: Credential,
): { ok: true; mode: AuthMode } | { ok: false; error: ActionError } {
  const mode = provider.authModes.find((candidate) => candidate.id === credential.authMode);
  if (!mode) {
    return { ok: false, error: actionError('connection_required', `${provider.name} has no auth mode "${credential.authMode}"`) };
  }
  if (action.authModes && !action.authModes.includes(mode.id)) {
    const wanted = action.authModes
      .map((id) => provider.authModes.find((candidate) => candidate.id === id)?.label ?? id)
      .join(' or ');
    return { ok: false, error: actionError('connection_required', `${action.id} needs a ${provider.name} connection using ${wanted}`) };
  }
  if ((mode.type === 'basic') !== (credential.kind === 'basic')) {
    return { ok: false, error: actionError('connection_required', `the credential does not fit ${provider.name} auth mode "${mode.id}"`) };
  }
  return { ok: true, mode };
}

/** Adds the secret to the request the way the mode says; mutates `request`. */
export function injectCredential(mode: AuthMode, credential: Credential, request: UpstreamRequest): void {
  const secret =
    credential.kind === 'basic'
      ? Buffer.from(`${credential.username}:${credential.password}`, 'utf8').toString('base64')
      : credential.token;
  if (mode.inject.in === 'header') {
    request.headers[mode.inject.name.toLowerCase()] = mode.inject.scheme ? `${mode.inject.scheme} ${secret}` : secret;
  } else {
    const url = new URL(request.url);
    url.searchParams.set(mode.inject.name, secret);
    request.url = url.toString();
  }
}
