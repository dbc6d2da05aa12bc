import { AppError } from '@causeway/platform';

export enum TenantsErrorCode {
  SlugTaken = 'TENANT_SLUG_TAKEN',
  InvalidInput = 'TENANT_INVALID_INPUT',
  NotFound = 'TENANT_NOT_FOUND',
}

const codeOf = {
  [TenantsErrorCode.SlugTaken]: 'conflict',
  [TenantsErrorCode.InvalidInput]: 'invalid_input',
  [TenantsErrorCode.NotFound]: 'not_found',
} as const;

export class TenantsError extends AppError {
  constructor(
    readonly reason: TenantsErrorCode,
    message: string,
    field?: string,
  ) {
    super(codeOf[reason], message, field ? { field } : {});
  }
}
