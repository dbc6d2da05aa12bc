import { AppError } from '@causeway/platform';

export enum ApiKeysErrorCode {
  NotFound = 'API_KEY_NOT_FOUND',
  ScopeBeyondCreator = 'API_KEY_SCOPE_BEYOND_CREATOR',
  UnknownScope = 'API_KEY_UNKNOWN_SCOPE',
  InvalidInput = 'API_KEY_INVALID_INPUT',
  UnknownConnection = 'API_KEY_UNKNOWN_CONNECTION',
  Revoked = 'API_KEY_REVOKED',
}

const codes = {
  [ApiKeysErrorCode.NotFound]: 'not_found',
  [ApiKeysErrorCode.ScopeBeyondCreator]: 'forbidden',
  [ApiKeysErrorCode.UnknownScope]: 'invalid_input',
  [ApiKeysErrorCode.InvalidInput]: 'invalid_input',
  [ApiKeysErrorCode.UnknownConnection]: 'invalid_input',
  [ApiKeysErrorCode.Revoked]: 'conflict',
} as const;

export class ApiKeysError extends AppError {
  constructor(
    readonly reason: ApiKeysErrorCode,
    message: string,
    field?: string,
  ) {
    super(codes[reason], message, field ? { field } : {});
  }
}
