import { AppError } from '@causeway/platform';

export enum RolesErrorCode {
  NotFound = 'ROLE_NOT_FOUND',
  NameTaken = 'ROLE_NAME_TAKEN',
  BuiltInImmutable = 'ROLE_BUILT_IN_IMMUTABLE',
  UnknownPermission = 'ROLE_UNKNOWN_PERMISSION',
  InUse = 'ROLE_IN_USE',
}

const codes = {
  [RolesErrorCode.NotFound]: 'not_found',
  [RolesErrorCode.NameTaken]: 'conflict',
  [RolesErrorCode.BuiltInImmutable]: 'forbidden',
  [RolesErrorCode.UnknownPermission]: 'invalid_input',
  [RolesErrorCode.InUse]: 'conflict',
} as const;

export class RolesError extends AppError {
  constructor(
    readonly reason: RolesErrorCode,
    message: string,
    field?: string,
  ) {
    super(codes[reason], message, field ? { field } : {});
  }
}
