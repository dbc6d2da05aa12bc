import { AppError } from '@causeway/platform';

export enum TenantsErrorCode {
  SlugTaken = 'TENANT_SLUG_TAKEN',
  InvalidInput = 'TENANT_INVALID_INPUT',
}

export class TenantsError extends AppError {
  constructor(
    readonly reason: TenantsErrorCode,
    message: string,
    field?: string,
  ) {
    super(reason === TenantsErrorCode.SlugTaken ? 'conflict' : 'invalid_input', message, field ? { field } : {});
  }
}
