import { AppError } from '@causeway/platform';

export enum PollingTriggersErrorCode {
  InvalidInput = 'POLLING_TRIGGER_INVALID_INPUT',
  TooMany = 'POLLING_TRIGGER_LIMIT_REACHED',
  NotFound = 'POLLING_TRIGGER_NOT_FOUND',
}

const codes = {
  [PollingTriggersErrorCode.InvalidInput]: 'invalid_input',
  [PollingTriggersErrorCode.TooMany]: 'conflict',
  [PollingTriggersErrorCode.NotFound]: 'not_found',
} as const;

export class PollingTriggersError extends AppError {
  constructor(
    readonly reason: PollingTriggersErrorCode,
    message: string,
    field?: string,
  ) {
    super(codes[reason], message, field ? { field } : {});
  }
}
