import { AppError } from '@causeway/platform';

export enum ConnectionsErrorCode {
  NotFound = 'CONNECTION_NOT_FOUND',
  UnknownProvider = 'CONNECTION_UNKNOWN_PROVIDER',
  UnknownAuthMode = 'CONNECTION_UNKNOWN_AUTH_MODE',
  InvalidInput = 'CONNECTION_INVALID_INPUT',
  NoOAuthApp = 'CONNECTION_NO_OAUTH_APP',
  OverridesNotAllowed = 'CONNECTION_OVERRIDES_NOT_ALLOWED',
  StateInvalid = 'CONNECTION_OAUTH_STATE_INVALID',
  ProviderRefused = 'CONNECTION_PROVIDER_REFUSED',
}

const codes = {
  [ConnectionsErrorCode.NotFound]: 'not_found',
  [ConnectionsErrorCode.UnknownProvider]: 'invalid_input',
  [ConnectionsErrorCode.UnknownAuthMode]: 'invalid_input',
  [ConnectionsErrorCode.InvalidInput]: 'invalid_input',
  [ConnectionsErrorCode.NoOAuthApp]: 'conflict',
  [ConnectionsErrorCode.OverridesNotAllowed]: 'forbidden',
  [ConnectionsErrorCode.StateInvalid]: 'invalid_input',
  [ConnectionsErrorCode.ProviderRefused]: 'upstream_invalid_request',
} as const;

export class ConnectionsError extends AppError {
  constructor(
    readonly reason: ConnectionsErrorCode,
    message: string,
    field?: string,
  ) {
    super(codes[reason], message, field ? { field } : {});
  }
}
